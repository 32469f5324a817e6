package io.batchflux.emulator;

import org.jspecify.annotations.Nullable;

/**
 * A single {@code Range: bytes=N-} or {@code bytes=N-M} request header resolved against a file size.
 *
 * @param start first byte, inclusive
 * @param length bytes to send; 0 with {@code start >= size} means the range cannot be satisfied
 */
record ByteRange(long start, long length, long size) {

    boolean unsatisfiable() {
        return start >= size;
    }

    /** The range asked for, or null when there is none or it is malformed or multi-part (then send everything). */
    static @Nullable ByteRange parse(@Nullable String header, long size) {
        // the unit is case-insensitive (RFC 9110 14.1)
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, "bytes=".length())
                || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash <= 0) {
            // suffix ranges (bytes=-N) are not something a resuming client sends
            return null;
        }
        try {
            long start = Long.parseLong(spec.substring(0, dash));
            String endText = spec.substring(dash + 1);
            long lastAsked = endText.isEmpty() ? Long.MAX_VALUE : Long.parseLong(endText);
            if (start < 0 || lastAsked < start) {
                return null; // invalid, so ignored (RFC 9110 14.1.1): the whole file is sent
            }
            long end = Math.min(lastAsked, size - 1);
            return start >= size ? new ByteRange(start, 0, size) : new ByteRange(start, end - start + 1, size);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
