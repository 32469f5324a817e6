package io.batchflux.watch;

import io.batchflux.Batch;
import io.batchflux.BatchApiException;
import io.batchflux.BatchStatus;
import io.batchflux.BatchTimeoutException;
import io.batchflux.PollingOptions;
import io.batchflux.http.Idempotency;
import io.batchflux.http.RetryDecision;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Polls one batch: the first snapshot at once, then one per change of status, request counts or result files,
 * completing right after a terminal status. The next delay is computed after each answer (a slow answer never
 * piles up polls, as {@code Flux.interval} would), growing per {@link PollingOptions}, shorter while the batch is
 * finalizing or cancelling. Transient failures are retried within the failure budget, honouring
 * {@code Retry-After} up to the client's cap (a longer one fails the stream, as it fails any call); the deadline ends the stream with a {@link BatchTimeoutException} carrying the last
 * snapshot. Cancelling the subscription stops polling.
 */
public final class StatusPoller {
    private static final List<BatchStatus> NEAR_END = List.of(BatchStatus.FINALIZING, BatchStatus.CANCELLING);

    private StatusPoller() {}

    /**
     * Snapshots of {@code batchId} fetched by {@code fetch} (subscribed once per poll); a {@code Retry-After} over
     * {@code maxRetryAfter} ends the stream with the failure that carried it.
     */
    public static Flux<Batch> watch(String batchId, Mono<Batch> fetch, PollingOptions options,
            Duration maxRetryAfter) {
        return Flux.defer(() -> {
            AtomicInteger polls = new AtomicInteger();
            AtomicReference<Batch> last = new AtomicReference<>();
            AtomicBoolean ended = new AtomicBoolean();
            Mono<Batch> poll = withFailureBudget(fetch, options, polls, maxRetryAfter);
            Flux<Batch> snapshots = poll
                    .expand(b -> b.isTerminal() ? Mono.empty()
                            : Mono.delay(nextDelay(options, polls.incrementAndGet(), b.status())).then(poll), 1)
                    .distinctUntilChanged(StatusPoller::changeKey)
                    .doOnNext(b -> {
                        last.set(b);
                        ended.set(b.isTerminal());
                    });
            Duration deadline = options.deadline();
            if (deadline == null) {
                return snapshots;
            }
            return snapshots.takeUntilOther(Mono.delay(deadline))
                    .concatWith(Mono.defer(() -> ended.get() ? Mono.empty()
                            : Mono.error(new BatchTimeoutException(batchId, deadline, last.get()))));
        });
    }

    /** What makes a snapshot worth emitting: a change in any of these. */
    private static List<Object> changeKey(Batch b) {
        return java.util.Arrays.asList(b.status(), b.requestCounts(), b.outputFileId(), b.errorFileId(),
                b.errorList().size());
    }

    /** The delay before poll number {@code poll} (1-based) when the batch was last seen in {@code status}. */
    static Duration nextDelay(PollingOptions options, int poll, BatchStatus status) {
        double growth = Math.pow(options.multiplier(), Math.max(0, poll - 1));
        long millis = (long) Math.min(options.maxInterval().toMillis(), options.initialInterval().toMillis() * growth);
        if (NEAR_END.contains(status)) {
            millis = Math.min(millis, options.fastInterval().toMillis());
        }
        if (options.jitter() > 0) {
            double spread = options.jitter() * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
            millis = Math.max(0, Math.round(millis * (1 + spread)));
        }
        return Duration.ofMillis(millis);
    }

    private static Mono<Batch> withFailureBudget(Mono<Batch> fetch, PollingOptions options, AtomicInteger polls,
            Duration maxRetryAfter) {
        return fetch.retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
            Throwable failure = signal.failure();
            boolean transientFailure = RetryDecision.isRetryable(failure, Idempotency.IDEMPOTENT);
            if (!transientFailure || signal.totalRetriesInARow() >= options.failureBudget()) {
                return Mono.error(failure);
            }
            Duration hint = failure instanceof BatchApiException api ? api.retryAfter() : null;
            if (hint != null && hint.compareTo(maxRetryAfter) > 0) {
                return Mono.error(failure);
            }
            // Without a server hint, wait as long as the next regular poll would.
            Duration wait = Objects.requireNonNullElseGet(hint,
                    () -> nextDelay(options, Math.max(1, polls.get()), BatchStatus.IN_PROGRESS));
            return Mono.delay(wait);
        })));
    }
}
