package io.batchflux.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An in-process OpenAI Files + Batches API on a real HTTP server, for tests: upload a JSONL file, create a batch,
 * watch it move {@code validating -> in_progress -> finalizing -> completed} on a compressed clock, download
 * deterministic results. Wire format, status codes and error bodies follow OpenAI's OpenAPI spec.
 *
 * <pre>{@code
 * try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("sk-test"))) {
 *     String baseUrl = emulator.baseUrl();   // e.g. http://127.0.0.1:54321/v1
 *     // point the client under test at baseUrl
 * }
 * }</pre>
 *
 * <p><b>Routes</b> (under {@link EmulatorOptions#pathPrefix()}): {@code POST /files} (multipart, streamed to disk),
 * {@code GET|DELETE /files/{id}}, {@code GET /files/{id}/content} (with {@code Range: bytes=N-}),
 * {@code POST|GET /batches}, {@code GET /batches/{id}}, {@code POST /batches/{id}/cancel}. Endpoints a batch may
 * target: {@code /v1/chat/completions}, {@code /v1/embeddings}, {@code /v1/completions}, {@code /v1/responses},
 * {@code /v1/moderations}.
 *
 * <p><b>Answers</b> are derived from each request, so tests can assert them: chat and text completions answer
 * {@code "echo: " + the last user message} (or prompt), responses echo the last input, embeddings are 8 numbers
 * in {@code [-1, 1]} hashed from each input string, moderations flag nothing; token counts are
 * whitespace-separated words. Result line ids ({@code batch_req_} + 24 hex) and request ids (32 hex) are hashed
 * from the batch id and {@code custom_id}. Output lines keep the input order.
 *
 * <p><b>Markers</b> in any string of a request's {@code body} (message content, input, prompt):
 * <ul>
 *   <li>{@code [[fail:NNN]]}, NNN in 400..599: the request fails with HTTP NNN; its line goes to the error file
 *       as {@code {"response":{"status_code":NNN,"body":{"error":{...,"code":"emulated_failure"}}},"error":null}}
 *       and counts as failed. Example: {@code "content": "hello [[fail:429]]"}.</li>
 *   <li>{@code [[slow]]}: the request takes ten times {@link EmulatorOptions#perRequestDelay()}.</li>
 * </ul>
 *
 * <p>Batch work runs on the emulator's own daemon threads ({@code batchflux-emulator-N}); uploads are written on
 * its own I/O scheduler; nothing blocks an event loop. Faults are injected as {@link FaultOptions} say.
 */
public final class BatchEmulator implements AutoCloseable {

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final EmulatorOptions options;
    private final @Nullable Path ownedStorage;
    private final EmulatorCounters counters;
    private final FileStore store;
    private final Scheduler io;
    private final BatchEngine engine;
    private final DisposableServer server;

    private BatchEmulator(EmulatorOptions options) throws IOException {
        this.options = options;
        this.ownedStorage = options.storageDir() == null ? Files.createTempDirectory("batchflux-emulator-") : null;
        Path root = ownedStorage != null ? ownedStorage : options.storageDir();
        this.counters = new EmulatorCounters();
        this.store = new FileStore(root, options.clock());
        this.io = Schedulers.newBoundedElastic(8, 10_000, "batchflux-emulator-io", 60, true);
        this.engine = new BatchEngine(options, store, counters);
        FaultInjector faults = new FaultInjector(options.faults(), counters);
        MultipartUploadReceiver receiver = new MultipartUploadReceiver(store, io, options.maxFileBytes(), counters);
        EmulatorRoutes routes = new EmulatorRoutes(options, faults, counters, new FileRoutes(store, receiver, faults, io),
                new BatchRoutes(engine, store, faults));
        try {
            this.server = HttpServer.create()
                    .host(options.host())
                    .port(options.port())
                    .handle(routes)
                    .bindNow(BIND_TIMEOUT);
        } catch (RuntimeException e) {
            shutDownWorkers();
            throw e;
        }
    }

    /**
     * Starts an emulator and returns once it listens (blocking up to 10 s for the bind).
     *
     * @throws UncheckedIOException when the storage directory cannot be created
     * @throws RuntimeException when the address cannot be bound
     */
    public static BatchEmulator start(EmulatorOptions options) {
        try {
            return new BatchEmulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the emulator's storage directory", e);
        }
    }

    /** The base URL to give a client, including the path prefix: e.g. {@code http://127.0.0.1:54321/v1}. */
    public String baseUrl() {
        return "http://" + options.host() + ":" + port() + options.pathPrefix();
    }

    /** The port the emulator listens on (the ephemeral one when the options said 0). */
    public int port() {
        return server.port();
    }

    /** The options the emulator was started with. */
    public EmulatorOptions options() {
        return options;
    }

    /** What the emulator has done so far: requests, uploads, faults, batches. */
    public EmulatorStats stats() {
        return counters.snapshot();
    }

    /** How many files are in the temporary area (in-flight uploads, unpublished results); for leak assertions. */
    public long temporaryFileCount() {
        try {
            return store.tempFileCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many files the emulator stores (uploads and published results, minus deleted ones). */
    public int storedFileCount() {
        return store.size();
    }

    /**
     * Stops listening (waiting up to 5 s for open exchanges), stops the batch threads and, when the emulator
     * created its storage directory itself, deletes it. Idempotent.
     */
    @Override
    public void close() {
        if (!server.isDisposed()) {
            server.disposeNow(CLOSE_TIMEOUT);
        }
        shutDownWorkers();
    }

    private void shutDownWorkers() {
        engine.close();
        io.dispose();
        if (ownedStorage != null) {
            deleteRecursively(ownedStorage);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the emulator's storage " + root, e);
        }
    }
}
