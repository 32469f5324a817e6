package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchStatus;

/** How a watched batch ended, as an exit code: 0 for {@code completed}, 3 for any other terminal status. */
final class Outcome {
    private Outcome() {}

    /** Prints {@code 🎉 Done.} for a completed batch, else one {@code ❌} line on stderr; returns the exit code. */
    static int report(Session s, Batch last) {
        if (BatchStatus.COMPLETED.equals(last.status())) {
            new BatchPrinter(s.human()).done();
            return Main.EXIT_OK;
        }
        // the server's message as one line, without the key (a server may echo what it was sent)
        s.err.println(ErrorReporter.errorLine(s.redact("batch " + last.id() + " ended " + last.status()
                + ", not completed" + (last.errorList().isEmpty() ? "" : ": " + last.errorList().get(0).message()))));
        return Main.EXIT_NOT_COMPLETED;
    }
}
