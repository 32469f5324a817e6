package io.batchflux;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Watching a batch outlasted its deadline. Carries the last snapshot seen, so callers can report progress. */
public class BatchTimeoutException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable Batch lastSnapshot;

    public BatchTimeoutException(String batchId, Duration deadline, @Nullable Batch lastSnapshot) {
        super("batch " + batchId + " did not reach a terminal status within " + readable(deadline)
                + (lastSnapshot == null ? "" : "; last status " + lastSnapshot.status() + " with "
                        + lastSnapshot.requestCounts().finished() + "/" + lastSnapshot.requestCounts().total()
                        + " requests finished"));
        this.lastSnapshot = lastSnapshot;
    }

    /** {@code 1h30m}, {@code 2s}, {@code 250ms}: as the CLI's flags take it, not {@code PT1H30M}. */
    static String readable(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return d.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (millis > 0) {
            text.append(millis).append("ms");
        }
        return text.length() == 0 ? d.toNanos() + "ns" : text.toString();
    }

    /** The last snapshot received before the deadline, or null when none arrived. */
    public @Nullable Batch lastSnapshot() {
        return lastSnapshot;
    }
}
