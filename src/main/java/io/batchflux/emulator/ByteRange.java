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
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
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
            long end = endText.isEmpty() ? size - 1 : Math.min(Long.parseLong(endText), size - 1);
            if (start < 0 || (!endText.isEmpty() && end < start && start < size)) {
                return null;
            }
            return start >= size ? new ByteRange(start, 0, size) : new ByteRange(start, end - start + 1, size);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
