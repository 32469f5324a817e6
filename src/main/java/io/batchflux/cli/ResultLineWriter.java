package io.batchflux.cli;

import io.batchflux.BatchResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Writes results as JSONL, one line per request (see {@link JsonLines#result}), to {@code --output} or stdout,
 * and tallies them for the summary. Each line is flushed to stdout at once, so a pipe sees results as they come.
 * An {@code --output} file is checked when opened but created (or replaced) only by the first result or by
 * {@link #complete()}: a run that fails before its results (an invalid request, say) leaves an earlier file alone.
 */
final class ResultLineWriter implements AutoCloseable {
    private final @Nullable Path output;
    private @Nullable Writer writer;
    private final ResultTally tally = new ResultTally();

    private ResultLineWriter(@Nullable Path output, @Nullable Writer writer) {
        this.output = output;
        this.writer = writer;
    }

    /**
     * To {@code output} when given, else to {@code stdout}.
     *
     * @throws UsageException when {@code output} cannot be written (a directory, read-only, no such directory)
     */
    static ResultLineWriter open(@Nullable Path output, PrintStream stdout) {
        if (output == null) {
            return new ResultLineWriter(null, new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
        }
        Path parent = output.toAbsolutePath().getParent();
        boolean writable = Files.exists(output)
                ? Files.isRegularFile(output) && Files.isWritable(output)
                : parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
        if (!writable) {
            throw new UsageException("cannot write --output " + output);
        }
        return new ResultLineWriter(output, null);
    }

    void write(BatchResult result) {
        tally.add(result);
        try {
            Writer out = writer();
            out.write(JsonLines.result(result));
            out.write('\n');
            if (!(out instanceof BufferedWriter)) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }

    /** Every result was written: the output file exists now, empty when there were none. */
    void complete() {
        writer();
    }

    /** What was written so far. */
    ResultTally tally() {
        return tally;
    }

    @Override
    public void close() {
        Writer out = writer;
        if (out == null) {
            return;
        }
        try {
            if (output != null) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }

    private Writer writer() {
        Writer out = writer;
        if (out == null) {
            try {
                out = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write --output " + output + ": " + e.getMessage(), e);
            }
            writer = out;
        }
        return out;
    }
}
