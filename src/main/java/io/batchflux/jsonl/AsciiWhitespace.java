package io.batchflux.jsonl;

/** The bytes JSON and JSONL treat as insignificant whitespace (plus vertical tab and form feed). */
public final class AsciiWhitespace {
    private AsciiWhitespace() {
    }

    /** Whether {@code b} is a space, tab, line feed, carriage return, vertical tab or form feed. */
    public static boolean is(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == 0x0B || b == 0x0C;
    }
}
