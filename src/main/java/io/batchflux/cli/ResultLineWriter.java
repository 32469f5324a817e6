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
 */
final class ResultLineWriter implements AutoCloseable {
    private final Writer writer;
    private final boolean ownsWriter;
    private final ResultTally tally = new ResultTally();

    private ResultLineWriter(Writer writer, boolean ownsWriter) {
        this.writer = writer;
        this.ownsWriter = ownsWriter;
    }

    /** To {@code output} (created or replaced) when given, else to {@code stdout}. */
    static ResultLineWriter open(@Nullable Path output, PrintStream stdout) {
        if (output == null) {
            return new ResultLineWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        }
        try {
            return new ResultLineWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UsageException("cannot write --output " + output + ": " + e.getMessage());
        }
    }

    void write(BatchResult result) {
        tally.add(result);
        try {
            writer.write(JsonLines.result(result));
            writer.write('\n');
            if (!(writer instanceof BufferedWriter)) {
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }

    /** What was written so far. */
    ResultTally tally() {
        return tally;
    }

    @Override
    public void close() {
        try {
            if (ownsWriter) {
                writer.close();
            } else {
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results: " + e.getMessage(), e);
        }
    }
}
