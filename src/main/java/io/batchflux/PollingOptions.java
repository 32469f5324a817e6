package io.batchflux;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a batch is watched: the first poll at once, then delays growing from {@code initialInterval} by
 * {@code multiplier} up to {@code maxInterval}, randomised by {@code jitter}; {@code fastInterval} while the
 * batch is {@code finalizing} or {@code cancelling} (the end is near); an overall {@code deadline} (null:
 * none); and a budget of consecutive transient failures ({@code 429}, {@code 5xx}, resets) tolerated before
 * the watch fails.
 *
 * <p>Defaults: 2 s growing by 1.5 to 60 s, 10% jitter, 1 s while finalizing/cancelling, no deadline, 8
 * consecutive failures. Immutable: every {@code with...} returns a copy.
 */
public record PollingOptions(Duration initialInterval, double multiplier, Duration maxInterval, double jitter,
        Duration fastInterval, @Nullable Duration deadline, int failureBudget) {

    public static final PollingOptions DEFAULTS = new PollingOptions(Duration.ofSeconds(2), 1.5,
            Duration.ofSeconds(60), 0.1, Duration.ofSeconds(1), null, 8);

    public PollingOptions {
        if (initialInterval.isNegative() || maxInterval.isNegative() || fastInterval.isNegative()) {
            throw new IllegalArgumentException("polling intervals must not be negative");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be >= 1.0, got " + multiplier);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, got " + jitter);
        }
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        if (failureBudget < 0) {
            throw new IllegalArgumentException("failureBudget must be >= 0");
        }
    }

    public static PollingOptions defaults() {
        return DEFAULTS;
    }

    /** A fixed cadence: every poll {@code interval} after the previous answer, no growth, no jitter. */
    public static PollingOptions every(Duration interval) {
        return new PollingOptions(interval, 1.0, interval, 0.0, interval, null, DEFAULTS.failureBudget);
    }

    public PollingOptions withInitialInterval(Duration d) {
        return new PollingOptions(d, multiplier, maxInterval, jitter, fastInterval, deadline, failureBudget);
    }

    public PollingOptions withMultiplier(double m) {
        return new PollingOptions(initialInterval, m, maxInterval, jitter, fastInterval, deadline, failureBudget);
    }

    public PollingOptions withMaxInterval(Duration d) {
        return new PollingOptions(initialInterval, multiplier, d, jitter, fastInterval, deadline, failureBudget);
    }

    public PollingOptions withJitter(double j) {
        return new PollingOptions(initialInterval, multiplier, maxInterval, j, fastInterval, deadline, failureBudget);
    }

    public PollingOptions withFastInterval(Duration d) {
        return new PollingOptions(initialInterval, multiplier, maxInterval, jitter, d, deadline, failureBudget);
    }

    public PollingOptions withDeadline(@Nullable Duration d) {
        return new PollingOptions(initialInterval, multiplier, maxInterval, jitter, fastInterval, d, failureBudget);
    }

    public PollingOptions withFailureBudget(int budget) {
        return new PollingOptions(initialInterval, multiplier, maxInterval, jitter, fastInterval, deadline, budget);
    }
}
