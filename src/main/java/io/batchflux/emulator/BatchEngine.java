package io.batchflux.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Holds the batches and runs each one as a {@link BatchExecution} on the emulator's own daemon threads
 * ({@code batchflux-emulator-N}), never on an event loop or a Reactor scheduler shared with the code under test.
 * The methods called by routes do not block.
 */
final class BatchEngine implements AutoCloseable {

    private static final int THREADS = 8;

    private final EmulatorOptions options;
    private final FileStore store;
    private final EmulatorCounters counters;
    private final ExecutorService pool;
    private final java.util.concurrent.ScheduledExecutorService cancels;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, BatchRecord> byId = new ConcurrentHashMap<>();
    // newest first: listing walks this map from its head
    private final NavigableMap<Long, BatchRecord> newestFirst = new ConcurrentSkipListMap<Long, BatchRecord>().descendingMap();

    BatchEngine(EmulatorOptions options, FileStore store, EmulatorCounters counters) {
        this.options = options;
        this.store = store;
        this.counters = counters;
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "batchflux-emulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        this.cancels = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(threads);
    }

    /** Creates the batch at status {@code validating} and queues its job. */
    BatchRecord create(CreateBatchCommand command) {
        long createdAt = options.clock().instant().getEpochSecond();
        long windowNanos = (options.completionWindowOverride() != null ? options.completionWindowOverride()
                : command.window()).toNanos();
        BatchRecord record = new BatchRecord(IdGenerator.batchId(), sequence.incrementAndGet(), command, createdAt,
                createdAt + command.window().toSeconds(), System.nanoTime() + windowNanos);
        byId.put(record.id(), record);
        newestFirst.put(record.sequence(), record);
        counters.batchCreated();
        pool.execute(new BatchExecution(record, options, store));
        return record;
    }

    @Nullable BatchRecord get(String id) {
        return byId.get(id);
    }

    /** Starts cancelling the batch; 404 when unknown, 409 when it can no longer be cancelled. */
    BatchRecord cancel(String id) {
        BatchRecord record = byId.get(id);
        if (record == null) {
            throw OpenAiError.noSuchBatch(id);
        }
        if (!record.requestCancel(options.clock().instant().getEpochSecond())) {
            throw OpenAiError.notCancellable(String.valueOf(record.status()));
        }
        // a batch still queued behind busy workers ends after the cancelling delay, without waiting for one
        cancels.schedule(() -> record.cancelIfNotStarted(options.clock().instant().getEpochSecond()),
                options.cancellingDelay().toNanos(), TimeUnit.NANOSECONDS);
        return record;
    }

    /** OpenAI's {@code ListBatchesResponse}: up to {@code limit} batches created before {@code after}, newest first. */
    ObjectNode list(@Nullable String after, int limit) {
        Map<Long, BatchRecord> tail = newestFirst;
        if (after != null) {
            BatchRecord cursor = byId.get(after);
            if (cursor == null) {
                throw OpenAiError.invalid("after", "No such Batch object to list after: " + after + ".");
            }
            tail = newestFirst.tailMap(cursor.sequence(), false);
        }
        List<BatchRecord> page = new ArrayList<>(limit + 1);
        for (BatchRecord record : tail.values()) {
            page.add(record);
            if (page.size() > limit) {
                break;
            }
        }
        boolean hasMore = page.size() > limit;
        List<BatchRecord> shown = hasMore ? page.subList(0, limit) : page;
        ObjectNode node = EmulatorJson.object();
        node.put("object", "list");
        ArrayNode data = node.putArray("data");
        shown.forEach(record -> data.add(record.toJson()));
        EmulatorJson.putNullable(node, "first_id", shown.isEmpty() ? null : shown.get(0).id());
        EmulatorJson.putNullable(node, "last_id", shown.isEmpty() ? null : shown.get(shown.size() - 1).id());
        node.put("has_more", hasMore);
        return node;
    }

    /** Stops every job (interrupting their sleeps) and waits briefly for them to let go of their files. */
    @Override
    public void close() {
        cancels.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
