package io.batchflux.cli;

import io.batchflux.BatchResult;
import io.batchflux.json.ControlCharacters;
import java.io.PrintStream;

/** Results as the Go original printed a parsed output file: {@code [001] status=200} and its content or error. */
final class ResultTextPrinter {
    private final PrintStream out;

    ResultTextPrinter(PrintStream out) {
        this.out = out;
    }

    void print(BatchResult result) {
        // a model's answer keeps its lines; nothing from the server brings an escape sequence to the terminal
        out.println("[" + ControlCharacters.escape(result.customId()) + "] status=" + result.statusCode());
        if (result instanceof BatchResult.Succeeded s) {
            s.chatContent().filter(c -> !c.isEmpty())
                    .ifPresent(c -> out.println("  content: " + ControlCharacters.escapeKeepingLines(c)));
        } else if (result instanceof BatchResult.Failed f) {
            out.println("  error: " + ControlCharacters.escape(f.error().describe()));
        } else if (result instanceof BatchResult.NotExecuted n) {
            out.println("  error: " + ControlCharacters.escape(n.error().describe()));
        } else {
            out.println("  error: missing from the result files");
        }
    }
}
