package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchPage;
import java.io.PrintStream;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The list output of the Go original: one numbered line per batch, its set details, a blank line each. */
final class ListPrinter {
    private static final String DETAIL = "     ";

    private final PrintStream out;
    private final BatchPrinter printer;

    ListPrinter(PrintStream out) {
        this.out = out;
        this.printer = new BatchPrinter(out);
    }

    void heading(int limit, String after) {
        out.println(after.isEmpty() ? "📃 Listing up to " + limit + " batches."
                : "📃 Listing up to " + limit + " batches (after=" + after + ").");
    }

    void page(BatchPage page) {
        for (int i = 0; i < page.data().size(); i++) {
            batch(i + 1, page.data().get(i));
        }
        if (page.hasMore() && !page.data().isEmpty()) {
            // the original took the cursor from the last batch shown, not from last_id
            String cursor = page.data().get(page.data().size() - 1).id();
            out.println("➡️  More available. Use --after=" + BatchPrinter.text(cursor) + " for next page.");
        }
    }

    private void batch(int number, Batch b) {
        out.printf("%2d. id=%s status=%s created=%s requests(total=%d,ok=%d,fail=%d)%n", number,
                BatchPrinter.text(b.id()), BatchPrinter.text(b.status().value()),
                BatchPrinter.timestamp(b.createdAt()), b.requestCounts().total(), b.requestCounts().completed(),
                b.requestCounts().failed());
        detail("📤 Output: ", b.outputFileId());
        detail("⚠️  Error File: ", b.errorFileId());
        printer.errors(b.errorList(), DETAIL);
        if (!b.metadata().isEmpty()) {
            out.println(DETAIL + "🏷️  Metadata: " + BatchPrinter.metadata(b.metadata()));
        }
        detail("⏰ Window: ", b.completionWindow());
        time("⏳ Expires: ", b.expiresAt());
        time("✅ Completed: ", b.completedAt());
        time("💥 Failed: ", b.failedAt());
        time("🚫 Cancelled: ", b.cancelledAt());
        time("🔄 In Progress: ", b.inProgressAt());
        time("🎯 Finalizing: ", b.finalizingAt());
        out.println();
    }

    private void detail(String label, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            out.println(DETAIL + label + BatchPrinter.text(value));
        }
    }

    private void time(String label, @Nullable Instant value) {
        if (value != null) {
            out.println(DETAIL + label + BatchPrinter.timestamp(value));
        }
    }
}
