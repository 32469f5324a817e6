package io.batchflux;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Watching a batch outlasted its deadline. Carries the last snapshot seen, so callers can report progress. */
public class BatchTimeoutException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable Batch lastSnapshot;

    public BatchTimeoutException(String batchId, Duration deadline, @Nullable Batch lastSnapshot) {
        super("batch " + batchId + " did not reach a terminal status within " + deadline
                + (lastSnapshot == null ? "" : "; last status " + lastSnapshot.status() + " with "
                        + lastSnapshot.requestCounts().finished() + "/" + lastSnapshot.requestCounts().total()
                        + " requests finished"));
        this.lastSnapshot = lastSnapshot;
    }

    /** The last snapshot received before the deadline, or null when none arrived. */
    public @Nullable Batch lastSnapshot() {
        return lastSnapshot;
    }
}
