package io.batchflux.jsonl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Assembles one JSONL line in a reusable array, with JSON strings made from UTF-8 bytes escaped exactly as
 * {@link JsonlMapper}'s generator escapes them (the escape of each ASCII character is asked of the mapper once):
 * text needs neither a {@code String} nor Jackson's per-character loop, and runs of plain bytes are copied in
 * bulk. The finished line goes to its stream in one write, so the stream's (buffer-filling) code runs once per
 * line and stays out of the per-string code the JIT compiles. String bytes must be valid UTF-8 (bytes from
 * {@code 0x80} up are copied as they are, as Jackson writes non-ASCII text). Not thread-safe.
 */
final class JsonLineBuffer {
    private static final byte[][] ESCAPES = escapes();
    /** Per byte value: whether it needs an escape; one load in the scanning loop. */
    private static final boolean[] ESCAPED = escaped();

    private byte[] line = new byte[8192];
    private int length;

    /** Starts the next line. */
    void reset() {
        length = 0;
    }

    /** Appends {@code "}, the escaped bytes {@code [from, to)} of {@code utf8}, and {@code "}. */
    void appendString(byte[] utf8, int from, int to) {
        boolean[] escaped = ESCAPED;
        appendQuote();
        int run = from;
        for (int i = from; i < to; i++) {
            int b = utf8[i] & 0xFF;
            if (escaped[b]) {
                append(utf8, run, i - run);
                byte[] escape = ESCAPES[b];
                append(escape, 0, escape.length);
                run = i + 1;
            }
        }
        append(utf8, run, to - run);
        appendQuote();
    }

    /** Appends {@code "}, the bytes {@code [from, to)}, which need no escape, and {@code "}. */
    void appendPlainString(byte[] utf8, int from, int to) {
        appendQuote();
        append(utf8, from, to - from);
        appendQuote();
    }

    /** Appends {@code bytes} unchanged. */
    void appendRaw(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    /** Writes the line to {@code out}. */
    void writeTo(OutputStream out) {
        try {
            out.write(line, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the encoder's streams write to memory and never throw
        }
    }

    /** Whether the mapper escapes {@code b} in a string. */
    static boolean needsEscape(byte b) {
        return ESCAPED[b & 0xFF];
    }

    /** The JSON string of {@code text} as the mapper writes it, quotes included. */
    static byte[] quoted(String text) {
        return JsonlMapper.mapper().writeValueAsBytes(text);
    }

    private void appendQuote() {
        ensure(1);
        line[length++] = '"';
    }

    private void append(byte[] bytes, int from, int count) {
        ensure(count);
        System.arraycopy(bytes, from, line, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (line.length - length < more) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + more));
        }
    }

    private static byte[][] escapes() {
        byte[][] escapes = new byte[256][];
        for (int c = 0; c < 128; c++) {
            byte[] quoted = quoted(String.valueOf((char) c));
            byte[] inner = Arrays.copyOfRange(quoted, 1, quoted.length - 1);
            if (inner.length != 1 || inner[0] != c) {
                escapes[c] = inner;
            }
        }
        return escapes;
    }

    private static boolean[] escaped() {
        boolean[] escaped = new boolean[256];
        for (int b = 0; b < 256; b++) {
            escaped[b] = ESCAPES[b] != null;
        }
        return escaped;
    }
}
