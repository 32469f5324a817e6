package io.batchflux.jsonl;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * What one input chunk produced: the items completed before a problem, then (optionally) the problem. Chunk
 * parsers return one per chunk, and {@link #flatten} turns a stream of chunks into their items: the items before
 * an error reach the subscriber first, and the error terminates the flux exactly where it was detected.
 *
 * <p>Deliberately not an {@code Iterable} that throws: when a {@code concatMapIterable} mapper's iterable fails on
 * its first element, Reactor discards (releases) the source chunk, which the parser has already released.
 *
 * @param <T> the item type
 */
public final class ItemsThenError<T> {
    private final List<T> items;
    private final @Nullable RuntimeException error;

    private ItemsThenError(List<T> items, @Nullable RuntimeException error) {
        this.items = items;
        this.error = error;
    }

    /** Items only. */
    public static <T> ItemsThenError<T> of(List<T> items) {
        return new ItemsThenError<>(items, null);
    }

    /** Items, then {@code error} when it is not null. */
    public static <T> ItemsThenError<T> of(List<T> items, @Nullable RuntimeException error) {
        return new ItemsThenError<>(items, error);
    }

    /** The items completed before the error (or all of them). */
    public List<T> items() {
        return items;
    }

    /** The error that ends this chunk's output, or null. */
    public @Nullable RuntimeException error() {
        return error;
    }

    /**
     * The items {@code feed} makes of each chunk of {@code chunks}, then those {@code finish} makes at the end, each
     * result's error after its items. {@code feed} takes over (releases) each chunk and must not throw. Each
     * result goes through {@code concatMapIterable}, which discards its queue and current items in step with its
     * emission when a cancel arrives from another thread (a download or upload cancelled on the event loop):
     * {@code concatMap}'s queue, cleared by the cancelling thread, could keep a chunk arriving at that moment, and
     * {@code Flux.fromIterable} could release a buffer it hands on. Items not emitted are released when they are
     * reference-counted.
     */
    public static <T> Flux<T> flatten(Flux<ByteBuf> chunks, Function<ByteBuf, ItemsThenError<T>> feed,
            Supplier<ItemsThenError<T>> finish) {
        // hide(): a fused source would be drained to the end on cancel (to discard its queue).
        return chunks.hide().map(feed)
                .concatWith(Mono.fromSupplier(finish))
                .concatMapIterable(ItemsThenError::signals, 1)
                .<T>handle(ItemsThenError::emit)
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease)
                .doOnDiscard(ItemsThenError.class, ItemsThenError::releaseItems);
    }

    /** The items, then a marker for the error if there is one (turned back into the error by {@link #emit}). */
    private List<?> signals() {
        if (error == null) {
            return items;
        }
        List<Object> signals = new ArrayList<>(items.size() + 1);
        signals.addAll(items);
        signals.add(new ErrorSignal(error));
        return signals;
    }

    @SuppressWarnings("unchecked")
    private static <T> void emit(Object signal, SynchronousSink<T> sink) {
        if (signal instanceof ErrorSignal marker) {
            sink.error(marker.error());
        } else {
            sink.next((T) signal);
        }
    }

    /** Releases the reference-counted items of a result discarded before any of it was emitted. */
    private static void releaseItems(ItemsThenError<?> discarded) {
        discarded.items.forEach(ReferenceCountUtil::safeRelease);
    }

    private record ErrorSignal(RuntimeException error) {}
}
