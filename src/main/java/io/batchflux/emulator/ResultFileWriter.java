package io.batchflux.emulator;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends the result lines of one batch (its output or its error file) to a temporary file as they are produced,
 * one JSON object per {@code \n}-terminated line; {@link #publish} turns it into a stored file, or into nothing
 * when no line was written (OpenAI then reports a null file id). Used by one job thread; blocking.
 */
final class ResultFileWriter implements Closeable {

    private final FileStore store;
    private final String filename;
    private @Nullable Path path;
    private @Nullable OutputStream out;

    ResultFileWriter(FileStore store, String filename) {
        this.store = store;
        this.filename = filename;
    }

    void write(ObjectNode line) throws IOException {
        if (out == null) {
            path = store.newTempFile("result-");
            out = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024);
        }
        out.write(EmulatorJson.bytes(line));
        out.write('\n');
    }

    /** Closes the file and stores it with purpose {@code batch_output}; returns its id, or null when empty. */
    @Nullable String publish(@Nullable Long expiresAfterSeconds) throws IOException {
        close();
        if (path == null) {
            return null;
        }
        Path written = path;
        path = null;
        return store.adopt(written, filename, "batch_output", expiresAfterSeconds).id();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }

    /** Closes and deletes an unpublished file: the batch ended without publishing (emulator shut down). */
    void discard() throws IOException {
        close();
        if (path != null) {
            Files.deleteIfExists(path);
            path = null;
        }
    }
}
