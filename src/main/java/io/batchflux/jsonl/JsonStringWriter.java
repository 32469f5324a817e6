package io.batchflux.jsonl;

import java.io.OutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes JSON strings from UTF-8 bytes straight to a stream, escaped exactly as {@link JsonlMapper}'s generator
 * escapes them (the escape of each ASCII character is asked of the mapper once), so text needs neither a
 * {@code String} nor Jackson's per-character loop: runs of plain bytes are copied in bulk. The bytes must be
 * valid UTF-8 (bytes from {@code 0x80} up are copied as they are, as Jackson writes non-ASCII text).
 */
final class JsonStringWriter {
    private static final byte[] QUOTE = {'"'};
    private static final byte[][] ESCAPES = escapes();
    /** Per byte value: whether it needs an escape; one load in the scanning loop. */
    private static final boolean[] ESCAPED = escaped();

    private final OutputStream out;

    JsonStringWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code "}, the escaped bytes {@code [from, to)} of {@code utf8}, and {@code "}. */
    void writeString(byte[] utf8, int from, int to) {
        boolean[] escaped = ESCAPED;
        write(QUOTE, 0, 1);
        int run = from;
        for (int i = from; i < to; i++) {
            int b = utf8[i] & 0xFF;
            if (escaped[b]) {
                write(utf8, run, i - run);
                write(ESCAPES[b], 0, ESCAPES[b].length);
                run = i + 1;
            }
        }
        write(utf8, run, to - run);
        write(QUOTE, 0, 1);
    }

    /** Writes {@code "}, the bytes {@code [from, to)}, which need no escape, and {@code "}. */
    void writePlainString(byte[] utf8, int from, int to) {
        write(QUOTE, 0, 1);
        write(utf8, from, to - from);
        write(QUOTE, 0, 1);
    }

    /** Whether the mapper escapes {@code b} in a string. */
    static boolean needsEscape(byte b) {
        return ESCAPED[b & 0xFF];
    }

    /** Writes {@code bytes} unchanged. */
    void writeRaw(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    private void write(byte[] bytes, int from, int length) {
        if (length > 0) {
            try {
                out.write(bytes, from, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the encoder's streams write to memory and never throw
            }
        }
    }

    /** The JSON string of {@code text} as the mapper writes it, quotes included. */
    static byte[] quoted(String text) {
        return JsonlMapper.mapper().writeValueAsBytes(text);
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
