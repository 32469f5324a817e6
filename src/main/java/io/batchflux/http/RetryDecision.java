package io.batchflux.http;

import io.batchflux.BatchApiException;
import io.batchflux.BatchTransportException;
import io.batchflux.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether one failure is worth another attempt, and after how long. Pure: the policy, the failure, the
 * call's idempotency and the attempt number in, a delay or null (give up) out.
 */
public final class RetryDecision {
    private RetryDecision() {}

    /**
     * The delay before retry number {@code retry} (1-based), or null when the failure must not be retried.
     */
    public static @Nullable Duration delayFor(Throwable failure, Idempotency idempotency, RetryPolicy policy,
            int retry) {
        if (retry > policy.maxRetries() || !isRetryable(failure, idempotency)) {
            return null;
        }
        return delay(failure, policy, retry);
    }

    /**
     * For an unsafe call whose failure {@link #isAmbiguous is ambiguous}: the delay before checking whether the
     * server acted and, if it did not, sending again (check number {@code retry}, 1-based); null when the failure
     * is final (retries used up, a quota, the server saying not to, a {@code Retry-After} beyond the cap).
     */
    public static @Nullable Duration delayBeforeCheck(Throwable failure, RetryPolicy policy, int retry) {
        if (retry > policy.maxRetries() || !isAmbiguous(failure)
                || failure instanceof BatchApiException api
                        && (api.isQuotaExhausted() || Boolean.FALSE.equals(api.shouldRetry()))) {
            return null;
        }
        return delay(failure, policy, retry);
    }

    private static @Nullable Duration delay(Throwable failure, RetryPolicy policy, int retry) {
        Duration hint = failure instanceof BatchApiException api ? api.retryAfter() : null;
        if (hint != null) {
            return hint.compareTo(policy.maxRetryAfter()) <= 0 ? hint : null;
        }
        Duration base = policy.backoff(retry);
        double factor = 1.0 - policy.jitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    /**
     * Whether the failure is transient and, for unsafe calls, provably left the server untouched: for those only a
     * 429 (a refusal of the request as a whole) or a failure before the request went out. An unsafe call's
     * {@linkplain #isAmbiguous ambiguous} failures are for its caller, who can check what the server did.
     */
    public static boolean isRetryable(Throwable failure, Idempotency idempotency) {
        if (failure instanceof BatchApiException api) {
            if (api.isQuotaExhausted()) {
                return false;
            }
            int s = api.statusCode();
            if (idempotency == Idempotency.UNSAFE) {
                // a gateway's 502 or 504, or the server's own 500, says nothing of whether the work was done
                return s == 429 && !Boolean.FALSE.equals(api.shouldRetry());
            }
            if (api.shouldRetry() != null) {
                return api.shouldRetry();
            }
            return s == 408 || s == 429 || s >= 500 || s == 409;
        }
        if (failure instanceof BatchTransportException transport) {
            return idempotency == Idempotency.IDEMPOTENT || !transport.mayHaveBeenProcessed();
        }
        return false;
    }

    /**
     * Whether the unsafe call that failed with {@code failure} may have been carried out by any of its attempts:
     * the failure itself {@linkplain #isAmbiguous is ambiguous}, or an earlier attempt's, carried as suppressed, is.
     */
    public static boolean leftUnknown(Throwable failure) {
        if (isAmbiguous(failure)) {
            return true;
        }
        for (Throwable earlier : failure.getSuppressed()) {
            if (isAmbiguous(earlier)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failed unsafe call may have been carried out all the same: the connection failed after the request
     * went out, the answer was a timeout or a server error (from a gateway, possibly after the server behind it
     * acted), or a success answer could not be read.
     */
    public static boolean isAmbiguous(Throwable failure) {
        if (failure instanceof BatchApiException api) {
            return api.statusCode() == 408 || api.statusCode() >= 500;
        }
        if (failure instanceof BatchTransportException transport) {
            return transport.mayHaveBeenProcessed();
        }
        return failure instanceof UnreadableAnswerException;
    }
}
