package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchError;
import io.batchflux.json.ControlCharacters;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The emoji blocks of the Go original: the configuration header, one batch, the closing line. */
final class BatchPrinter {
    static final String CREATED = "🆕 Batch created.";
    static final String DETAILS = "🔎 Batch details.";
    static final String CANCEL_REQUESTED = "🛑 Batch cancel requested.";
    static final String FINISHED = "🏁 Batch finished.";
    static final String DONE = "🎉 Done.";

    private final PrintStream out;

    BatchPrinter(PrintStream out) {
        this.out = out;
    }

    void header(String model, Action action) {
        header(model, action.word());
    }

    /** The configuration lines every action starts with; {@code actionWord} as given when it is no action. */
    void header(String model, String actionWord) {
        out.println("🚀 Using configuration:");
        out.println("   📝 Model Name: " + model);
        out.println("   🎛️  Action: " + ControlCharacters.escape(actionWord));
        out.println("   🔑 OpenAI SDK reads OPENAI_API_KEY and OPENAI_BASE_URL from env");
        out.println();
    }

    void batch(String title, Batch b) {
        out.println(title);
        // every value is the server's: one line each, and no escape sequence reaches the terminal
        out.println("   🆔 ID: " + text(b.id()));
        out.println("   🔗 Endpoint: " + text(b.endpoint()));
        out.println("   🕐 Created: " + timestamp(b.createdAt()));
        out.println("   🧭 Status: " + text(b.status().value()));
        out.println("   📥 Input File: " + text(b.inputFileId()));
        if (b.outputFileId() != null) {
            out.println("   📤 Output File: " + text(b.outputFileId()));
        }
        if (b.errorFileId() != null) {
            out.println("   ⚠️  Error File: " + text(b.errorFileId()));
        }
        out.println("   📊 Requests: total=" + b.requestCounts().total() + " ok=" + b.requestCounts().completed()
                + " fail=" + b.requestCounts().failed());
        errors(b.errorList(), "   ");
    }

    /** {@code ❌ Errors:} and one numbered line per error, indented under {@code indent}. */
    void errors(List<BatchError> errors, String indent) {
        if (errors.isEmpty()) {
            return;
        }
        out.println(indent + "❌ Errors:");
        for (int i = 0; i < errors.size(); i++) {
            BatchError e = errors.get(i);
            // one line per error, whatever the server's message holds
            out.println(indent + "   " + (i + 1) + ". Code: " + text(e.code()) + ", Message: " + text(e.message()));
        }
    }

    void done() {
        out.println(DONE);
    }

    /** ISO-8601 UTC to the second ({@code 2025-01-27T10:30:00Z}), {@code -} when unset. */
    static String timestamp(@Nullable Instant instant) {
        return instant == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Metadata as {@code {key=value, other=value}}, keys sorted so the output is stable. */
    static String metadata(Map<String, String> metadata) {
        return text(new TreeMap<>(metadata).toString());
    }

    /** A server's value as one line without control characters; empty when unset. */
    static String text(@Nullable String s) {
        return s == null ? "" : ControlCharacters.escape(s);
    }
}
