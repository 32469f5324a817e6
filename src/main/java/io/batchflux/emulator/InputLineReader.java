package io.batchflux.emulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSONL file one line at a time from disk (memory bounded by the longest line), numbering lines from 1
 * and dropping the {@code \n} and an optional {@code \r} before it. Blocking: run it on the engine's threads.
 */
final class InputLineReader implements Closeable {

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private int lineNumber;

    InputLineReader(Path path) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(path), 64 * 1024);
    }

    /** The next line's bytes, or null at the end of the file. */
    byte @Nullable [] next() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            return java.util.Arrays.copyOf(bytes, length - 1);
        }
        return bytes;
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    int lineNumber() {
        return lineNumber;
    }

    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
