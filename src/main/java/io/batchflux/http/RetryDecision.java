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
        Duration hint = failure instanceof BatchApiException api ? api.retryAfter() : null;
        if (hint != null) {
            return hint.compareTo(policy.maxRetryAfter()) <= 0 ? hint : null;
        }
        Duration base = policy.backoff(retry);
        double factor = 1.0 - policy.jitter() * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    /** Whether the failure is transient and, for unsafe calls, provably left the server untouched. */
    public static boolean isRetryable(Throwable failure, Idempotency idempotency) {
        if (failure instanceof BatchApiException api) {
            if (api.isQuotaExhausted()) {
                return false;
            }
            if (api.shouldRetry() != null) {
                return api.shouldRetry();
            }
            int s = api.statusCode();
            // An error answer means the server refused the request as a whole, so even unsafe calls may
            // repeat: nothing was created. (409 is a conflict on idempotent calls only.)
            return s == 408 || s == 429 || s >= 500 || (s == 409 && idempotency == Idempotency.IDEMPOTENT);
        }
        if (failure instanceof BatchTransportException transport) {
            return idempotency == Idempotency.IDEMPOTENT || !transport.mayHaveBeenProcessed();
        }
        return false;
    }
}
