package io.batchflux.jsonl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One line of a byte stream, as {@link LineSplitter} emits it.
 *
 * @param number 1-based line number in the whole stream
 * @param byteOffset 0-based offset of the line's first byte in the whole stream
 * @param bytes the line's bytes without the terminating {@code \n} and without a trailing {@code \r}
 */
public record Line(long number, long byteOffset, byte[] bytes) {

    /** The line decoded as UTF-8 (malformed bytes become U+FFFD); for messages and tests, not for parsing. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the line holds only ASCII whitespace (or nothing). */
    public boolean isBlank() {
        for (byte b : bytes) {
            if (!AsciiWhitespace.is(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Line that
                && number == that.number
                && byteOffset == that.byteOffset
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Line[number=" + number + ", byteOffset=" + byteOffset + ", text=" + text() + "]";
    }
}
