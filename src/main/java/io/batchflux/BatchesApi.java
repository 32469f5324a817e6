package io.batchflux;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Batches API ({@code /batches}): create, retrieve, cancel and list. Obtained from
 * {@link BatchClient#batches()}; every method is cold and emits one snapshot of the server's state.
 */
public interface BatchesApi {

    /**
     * {@code POST /batches}. The call is not idempotent: it is repeated at once only when the server provably did
     * not take it (a 429, or a connection that never carried it), and after an ambiguous failure (a 408 or 5xx, a
     * reset after sending, an unreadable success) only once the newest batches were searched for it. To find it,
     * the client stamps a random {@code batchflux_token} into the batch's {@code metadata} when there is room
     * (fewer than 16 pairs); without room, an ambiguous failure is not repeated.
     *
     * @return the new batch, usually {@code validating}
     */
    Mono<Batch> create(CreateBatchParams params);

    /** {@code GET /batches/{id}}; an unknown id errors with {@link BatchApiException#isNotFound()}. */
    Mono<Batch> retrieve(String batchId);

    /** {@code POST /batches/{id}/cancel}: the batch becomes {@code cancelling}, later {@code cancelled}. */
    Mono<Batch> cancel(String batchId);

    /**
     * One page of {@code GET /batches}, newest first.
     *
     * @param after the cursor: the id of the last batch of the previous page, or null for the first page
     * @param limit batches per page, 1 to 100
     */
    Mono<BatchPage> list(@Nullable String after, int limit);

    /**
     * Every batch, newest first, fetching page after page of {@code pageSize} (1 to 100) as the subscriber
     * demands: pages are requested lazily, at most two pages ahead of the demand, and the stream completes after
     * the page whose {@code has_more} is false (or that repeats a cursor, which some mock servers do).
     */
    Flux<Batch> listAll(int pageSize);
}
