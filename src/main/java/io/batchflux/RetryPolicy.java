package io.batchflux;

import java.time.Duration;

/**
 * How transient failures are retried, modelled on the official SDKs: 408, 409, 429 (never
 * {@code insufficient_quota}), 5xx and I/O errors, with exponential backoff and jitter, honouring
 * {@code retry-after-ms} / {@code Retry-After} up to {@link #maxRetryAfter()} and the {@code x-should-retry}
 * header. Idempotent calls (GET, DELETE, cancel, downloads) retry on all of these. Uploads and batch creation
 * repeat at once only what provably was not processed (a 429, a request never sent); after a 408, a 5xx or a lost
 * answer, batch creation first looks for its batch, and an upload under its tagged default filename is sent again
 * and its lost copies deleted (see {@link FilesApi#upload(java.nio.file.Path, UploadOptions)}).
 *
 * <p>Defaults: 4 retries, 500 ms initial backoff doubling to at most 8 s, 25% jitter, server hints honoured up
 * to 60 s. {@link #none()} disables retries.
 *
 * @param maxRetries retries after the first attempt (0 disables retrying)
 * @param initialBackoff delay before the first retry
 * @param maxBackoff cap of the exponential backoff
 * @param jitter share of each delay that is randomised, 0.0 to 1.0
 * @param maxRetryAfter longest server-requested wait honoured; a longer hint fails the call instead
 */
public record RetryPolicy(
        int maxRetries, Duration initialBackoff, Duration maxBackoff, double jitter, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULTS =
            new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), 0.25, Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(maxRetryAfter, "maxRetryAfter");
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, got " + jitter);
        }
    }

    /** The defaults. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return DEFAULTS.withMaxRetries(0);
    }

    public RetryPolicy withMaxRetries(int maxRetries) {
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, jitter, maxRetryAfter);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxRetries, initial, max, jitter, maxRetryAfter);
    }

    public RetryPolicy withJitter(double jitter) {
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, jitter, maxRetryAfter);
    }

    public RetryPolicy withMaxRetryAfter(Duration maxRetryAfter) {
        return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, jitter, maxRetryAfter);
    }

    /** The backoff before retry number {@code retry} (1-based), before jitter: initial × 2^(retry-1), capped. */
    public Duration backoff(int retry) {
        long base = initialBackoff.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long millis = Math.min(maxBackoff.toMillis(), base << shift);
        return Duration.ofMillis(millis < 0 ? maxBackoff.toMillis() : millis);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration");
        }
    }
}
