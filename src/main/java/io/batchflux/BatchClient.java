package io.batchflux;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The entry point: a reactive client for the OpenAI Batch API and compatible servers.
 *
 * <pre>{@code
 * try (BatchClient client = BatchClient.create(BatchClientOptions.fromEnv())) {
 *     Batch batch = client.batches().retrieve("batch_abc123").block();
 * }
 * }</pre>
 *
 * <p>Every method returns a cold {@code Mono} or {@code Flux}: nothing is sent before subscription, each
 * subscription starts afresh, and cancelling it stops the network and file work behind it. A client holds a
 * connection pool; share one per server and {@link #close()} it when done. Thread-safe.
 */
public interface BatchClient extends AutoCloseable {

    /** A client with the given options. Nothing is connected until a call is subscribed. */
    static BatchClient create(BatchClientOptions options) {
        return new DefaultBatchClient(options);
    }

    /** A client configured from {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL}. */
    static BatchClient create() {
        return create(BatchClientOptions.fromEnv());
    }

    /** The options this client was created with. */
    BatchClientOptions options();

    /** The Files API: upload, retrieve, delete, download. */
    FilesApi files();

    /** The Batches API: create, retrieve, cancel, list. */
    BatchesApi batches();

    /**
     * Streams {@code requests} as JSONL into one upload and creates a batch over it: the requests are encoded
     * as they arrive, with backpressure, and never held together in memory. The limits of {@code options} are
     * checked while streaming; exceeding them, an invalid request or an error of {@code requests} aborts the
     * upload before its end, so the server stores nothing and no batch is created. If creation fails after the
     * upload, the input file is deleted again, unless the batch may exist after all. Requests of {@link
     * BatchRequests#fromFile} or {@link BatchRequests#fromSpec}, given unchanged, are read again for another
     * attempt of the upload (after a 429 or a lost answer); any other flux is read once, so such an upload fails
     * instead.
     *
     * @return the created batch (usually {@code validating}); errors with what went wrong and where
     */
    Mono<Batch> submit(Flux<BatchRequest> requests, SubmitOptions options);

    /**
     * Watches a batch: a snapshot at once, then one per change of status or request counts, completing right
     * after a terminal status ({@code completed}, {@code failed}, {@code expired}, {@code cancelled}). Polls with
     * growing delays per {@code polling}; transient failures are retried within its failure budget; its deadline
     * errors with {@link BatchTimeoutException}. Disposing the subscription stops polling.
     */
    Flux<Batch> watch(String batchId, PollingOptions polling);

    /** {@link #watch(String, PollingOptions)} with the default cadence. */
    default Flux<Batch> watch(String batchId) {
        return watch(batchId, PollingOptions.defaults());
    }

    /** The terminal snapshot of a batch: the last element of {@link #watch(String, PollingOptions)}. */
    default Mono<Batch> awaitCompletion(String batchId, PollingOptions polling) {
        return watch(batchId, polling).last();
    }

    /**
     * The per-request results of a batch: its output file, then its error file, each downloaded as a stream and
     * parsed line by line, one {@link BatchResult} per line, in constant memory whatever the file size. A broken
     * download resumes without emitting any result twice. For a {@code completed} batch, fewer lines than
     * {@code request_counts} promise end the stream with {@link IncompleteResultsException} after the results.
     * A batch without files (still running, or failed validation) emits nothing.
     */
    Flux<BatchResult> results(Batch batch);

    /** {@link #results(Batch)} of the batch's current snapshot. */
    Flux<BatchResult> results(String batchId);

    /**
     * Submit, watch and read in one stream: a {@link BatchEvent.Submitted}, the {@link BatchEvent.Progress}
     * snapshots up to the terminal one, then one {@link BatchEvent.Result} per submitted request, each exactly
     * once, with {@link BatchResult.Missing} for requests in neither result file. Completes after the last
     * result; cancelling stops whichever stage is running.
     */
    Flux<BatchEvent> run(Flux<BatchRequest> requests, SubmitOptions options, PollingOptions polling);

    /**
     * Submits a request stream of any size as consecutive shards, each within the limits of {@code options}
     * (by request count and encoded bytes): every shard streams into its own upload and batch as its requests
     * arrive, one shard at a time, in constant memory. Emits each shard once its batch exists, in order, with
     * the batch as created; save the {@link JobShard}s into a {@link BatchJob} as they come so an interrupted submission can
     * {@link #resumeShards resume}. An invalid request or a failed shard ends the stream with its error after
     * the shards before it were created and emitted; the shard it belongs to is aborted (nothing of it is
     * stored), and no later shard is started.
     */
    Flux<ShardCreated> submitShards(Flux<BatchRequest> requests, SubmitOptions options);

    /**
     * Continues an interrupted {@link #submitShards}: {@code requests} must be the same stream again (a spec
     * file read anew); the requests the job's shards already hold are skipped, and shards are numbered on from
     * the job's last. Shards already created are never submitted twice.
     */
    Flux<ShardCreated> resumeShards(BatchJob job, Flux<BatchRequest> requests, SubmitOptions options);

    /**
     * Watches every batch of a job, emitting a merged {@link JobProgress} whenever any of them changes (after
     * each has been seen once), and completing once all of them are terminal.
     */
    Flux<JobProgress> watch(BatchJob job, PollingOptions polling);

    /** The results of every shard of a job, shard after shard, each request exactly once. */
    Flux<BatchResult> results(BatchJob job);

    /**
     * Requests cancellation of every shard that is not terminal yet; emits each shard's answer. A shard that cannot
     * be cancelled does not stop the others: every shard is tried, then the stream errors with the first failure
     * (the later ones suppressed in it).
     */
    Flux<Batch> cancel(BatchJob job);

    /**
     * Releases the connection pool, waiting up to 5 s; in-flight calls fail afterwards. Called on a thread that
     * must not block (an event loop, inside an operator), it starts the release and returns at once, as {@link
     * #closeLater()} does.
     */
    @Override
    void close();

    /** Releases the connection pool without blocking: completes once it is released. */
    Mono<Void> closeLater();
}
