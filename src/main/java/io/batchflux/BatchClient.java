package io.batchflux;

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

    /** Releases the connection pool, waiting up to 5 s; in-flight calls fail afterwards. */
    @Override
    void close();
}
