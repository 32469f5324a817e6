package io.batchflux.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.Batch;
import io.batchflux.BatchApiException;
import io.batchflux.BatchStatus;
import io.batchflux.BatchTimeoutException;
import io.batchflux.PollingOptions;
import io.batchflux.RequestCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Polling pinned in virtual time: delays, dedup, terminal completion, failure budget, deadline, cancel. */
class StatusPollerTest {
    private static final Duration CAP = io.batchflux.RetryPolicy.defaults().maxRetryAfter();
    private static final PollingOptions TEN_DOUBLING = new PollingOptions(Duration.ofSeconds(10), 2.0,
            Duration.ofSeconds(40), 0.0, Duration.ofSeconds(1), null, 3);

    static Batch batch(BatchStatus status, long done) {
        return new Batch("batch_1", "batch", "/v1/chat/completions", null, null, "file-1", "24h", status, null,
                null, null, null, null, null, null, null, null, null, null, new RequestCounts(10, done, 0), null,
                null);
    }

    /** A fetch answering from a script, one entry per poll, recording the virtual time of each poll. */
    static final class Script {
        final List<Supplier<Mono<Batch>>> answers = new ArrayList<>();
        final List<Long> pollTimes = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        Script then(Batch b) {
            answers.add(() -> Mono.just(b));
            return this;
        }

        Script thenFail(Throwable t) {
            answers.add(() -> Mono.error(t));
            return this;
        }

        Mono<Batch> fetch() {
            return Mono.defer(() -> {
                int n = calls.getAndIncrement();
                pollTimes.add(VirtualTimeScheduler.getOrSet().now(java.util.concurrent.TimeUnit.SECONDS));
                return answers.get(Math.min(n, answers.size() - 1)).get();
            });
        }
    }

    @Test
    void emitsFirstSnapshotAtOnceThenOnlyChangesAndCompletesAtTerminal() {
        Script s = new Script().then(batch(BatchStatus.VALIDATING, 0)).then(batch(BatchStatus.VALIDATING, 0))
                .then(batch(BatchStatus.IN_PROGRESS, 3)).then(batch(BatchStatus.IN_PROGRESS, 3))
                .then(batch(BatchStatus.COMPLETED, 10));
        StepVerifier.withVirtualTime(() -> StatusPoller.watch("batch_1", s.fetch(), TEN_DOUBLING, CAP))
                .expectNextMatches(b -> b.status().equals(BatchStatus.VALIDATING))
                .thenAwait(Duration.ofSeconds(10 + 20))
                .expectNextMatches(b -> b.requestCounts().completed() == 3)
                .thenAwait(Duration.ofSeconds(40 + 40))
                .expectNextMatches(b -> b.status().equals(BatchStatus.COMPLETED))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertEquals(List.of(0L, 10L, 30L, 70L, 110L), s.pollTimes, "delays grow 10, 20, 40 and cap at 40");
    }

    @Test
    void finalizingPollsAtTheFastCadence() {
        Script s = new Script().then(batch(BatchStatus.IN_PROGRESS, 5)).then(batch(BatchStatus.FINALIZING, 10))
                .then(batch(BatchStatus.FINALIZING, 10)).then(batch(BatchStatus.COMPLETED, 10));
        StepVerifier.withVirtualTime(() -> StatusPoller.watch("batch_1", s.fetch(), TEN_DOUBLING, CAP))
                .expectNextCount(1)
                .thenAwait(Duration.ofSeconds(10))
                .expectNextMatches(b -> b.status().equals(BatchStatus.FINALIZING))
                .thenAwait(Duration.ofSeconds(2))
                .expectNextMatches(Batch::isTerminal)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertEquals(List.of(0L, 10L, 11L, 12L), s.pollTimes);
    }

    @Test
    void unknownStatusKeepsPolling() {
        Script s = new Script().then(batch(BatchStatus.of("queued_somewhere"), 0))
                .then(batch(BatchStatus.CANCELLED, 0));
        StepVerifier.withVirtualTime(() -> StatusPoller.watch("batch_1", s.fetch(), TEN_DOUBLING, CAP))
                .expectNextMatches(b -> !b.isTerminal())
                .thenAwait(Duration.ofSeconds(10))
                .expectNextMatches(b -> b.status().equals(BatchStatus.CANCELLED))
                .verifyComplete();
    }

    @Test
    void transientFailuresAreRetriedHonouringRetryAfterWithoutEndingTheStream() {
        BatchApiException limited = new BatchApiException(429, "requests", "rate_limit_exceeded", null, "slow",
                null, "GET /batches/batch_1", Duration.ofSeconds(7), null);
        BatchApiException broken = new BatchApiException(503, "server_error", null, null, "down", null,
                "GET /batches/batch_1");
        Script s = new Script().then(batch(BatchStatus.IN_PROGRESS, 1)).thenFail(limited).thenFail(broken)
                .then(batch(BatchStatus.COMPLETED, 10));
        StepVerifier.withVirtualTime(() -> StatusPoller.watch("batch_1", s.fetch(), TEN_DOUBLING, CAP))
                .expectNextCount(1)
                .thenAwait(Duration.ofSeconds(10 + 7 + 10))
                .expectNextMatches(Batch::isTerminal)
                .verifyComplete();
        assertEquals(List.of(0L, 10L, 17L, 27L), s.pollTimes, "429 waits its Retry-After, 503 the regular delay");
    }

    @Test
    void failureBudgetSpentEndsTheWatchWithTheCause() {
        BatchApiException broken = new BatchApiException(500, "server_error", null, null, "down", null, "GET");
        Script s = new Script().then(batch(BatchStatus.IN_PROGRESS, 1)).thenFail(broken);
        StepVerifier.withVirtualTime(() -> StatusPoller.watch("batch_1", s.fetch(), TEN_DOUBLING, CAP))
                .expectNextCount(1)
                .thenAwait(Duration.ofMinutes(10))
                .expectErrorSatisfies(e -> assertEquals(500, ((BatchApiException) e).statusCode()))
                .verify(Duration.ofSeconds(5));
        assertEquals(1 + 1 + 3, s.calls.get(), "one success, then the failing poll and its 3 retries");
    }

    @Test
    void notFoundEndsAtOnce() {
        Script s = new Script().thenFail(new BatchApiException(404, "invalid_request_error", null, null,
                "No batch", null, "GET"));
        StepVerifier.withVirtualTime(() -> StatusPoller.watch("batch_1", s.fetch(), TEN_DOUBLING, CAP))
                .expectErrorSatisfies(e -> assertEquals(404, ((BatchApiException) e).statusCode()))
                .verify(Duration.ofSeconds(5));
        assertEquals(1, s.calls.get());
    }

    @Test
    void deadlineFailsWithTheLastSnapshot() {
        Script s = new Script().then(batch(BatchStatus.IN_PROGRESS, 4));
        PollingOptions withDeadline = TEN_DOUBLING.withDeadline(Duration.ofSeconds(100));
        StepVerifier.withVirtualTime(() -> StatusPoller.watch("batch_1", s.fetch(), withDeadline, CAP))
                .expectNextCount(1)
                .thenAwait(Duration.ofSeconds(100))
                .expectErrorSatisfies(e -> {
                    BatchTimeoutException timeout = assertInstanceOf(BatchTimeoutException.class, e);
                    assertNotNull(timeout.lastSnapshot());
                    assertEquals(4, timeout.lastSnapshot().requestCounts().completed());
                    assertTrue(timeout.getMessage().contains(" within 1m40s; last status in_progress"),
                            timeout.getMessage());
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void disposingStopsPolling() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
        try {
            Script s = new Script().then(batch(BatchStatus.IN_PROGRESS, 1));
            Disposable d = StatusPoller.watch("batch_1", s.fetch(), TEN_DOUBLING, CAP).subscribe();
            vts.advanceTimeBy(Duration.ofSeconds(30));
            int before = s.calls.get();
            d.dispose();
            vts.advanceTimeBy(Duration.ofHours(1));
            assertEquals(3, before);
            assertEquals(before, s.calls.get(), "no poll after dispose");
        } finally {
            VirtualTimeScheduler.reset();
        }
    }
}
