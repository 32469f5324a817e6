package io.batchflux.cli;

import io.batchflux.BatchResult;
import java.io.PrintStream;

/** Results as the Go original printed a parsed output file: {@code [001] status=200} and its content or error. */
final class ResultTextPrinter {
    private final PrintStream out;

    ResultTextPrinter(PrintStream out) {
        this.out = out;
    }

    void print(BatchResult result) {
        out.println("[" + result.customId() + "] status=" + result.statusCode());
        if (result instanceof BatchResult.Succeeded s) {
            s.chatContent().filter(c -> !c.isEmpty()).ifPresent(c -> out.println("  content: " + c));
        } else if (result instanceof BatchResult.Failed f) {
            out.println("  error: " + f.error().describe());
        } else if (result instanceof BatchResult.NotExecuted n) {
            out.println("  error: " + n.error().describe());
        } else {
            out.println("  error: missing from the result files");
        }
    }
}
