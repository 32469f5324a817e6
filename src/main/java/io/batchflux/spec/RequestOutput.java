package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ChatMessages;
import java.util.ArrayList;
import java.util.List;

/**
 * What a chunk parser makes of the requests it completes, one subscription's worth: the {@link BatchRequest}s
 * themselves ({@link RequestsOutput}), their JSONL in upload buffers ({@link JsonlBuffersOutput}) or each one's
 * encoded line ({@link EncodedLinesOutput}). The last two write spec requests straight from their messages,
 * never building a body tree. Output waits here until the parser {@link #take()}s it after each chunk; methods
 * are synchronized because a cancel may {@link #release()} from another thread.
 *
 * @param <T> what the parser's flux emits
 */
abstract class RequestOutput<T> {
    private List<T> pending = new ArrayList<>();

    /** A spec request; {@code messages} is only valid during the call. */
    abstract void chat(String customId, ChatMessages messages);

    /** A request read from a JSONL line. */
    abstract void request(BatchRequest request);

    final synchronized void add(T item) {
        pending.add(item);
    }

    final synchronized void addAll(List<T> items) {
        pending.addAll(items);
    }

    /** The output completed since the last call, now the caller's. */
    final synchronized List<T> take() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<T> taken = pending;
        pending = new ArrayList<>();
        return taken;
    }

    /** The output that only the end of the input completes (called once, after the last chunk's). */
    List<T> finish() {
        return take();
    }

    /** Drops whatever was not taken. Idempotent. */
    synchronized void release() {
        pending.clear();
    }

    /** The output not taken yet, for {@link #release()} to free. */
    final synchronized List<T> pending() {
        return pending;
    }
}
