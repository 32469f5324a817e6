package io.batchflux.jsonl;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * What one input chunk produced: the items completed before a problem, then (optionally) the problem. Used as
 * {@code source.concatMap(chunk -> parser.feed(chunk).toFlux(), 1)}, or, where the items are buffers and a cancel
 * may come from another thread, as {@code source.map(parser::feed).concatMapIterable(ItemsThenError::signals, 1)
 * .handle(ItemsThenError::emit)}: either way the items before an error reach the subscriber first, and the error
 * terminates the flux exactly where it was detected.
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
     * The items, then a marker for the error if there is one: for {@code concatMapIterable(ItemsThenError::signals)}
     * followed by {@code handle(ItemsThenError::emit)}, which turns the marker back into the error.
     */
    public List<Object> signals() {
        if (error == null) {
            return List.copyOf(items);
        }
        List<Object> signals = new ArrayList<>(items.size() + 1);
        signals.addAll(items);
        signals.add(new ErrorSignal(error));
        return signals;
    }

    /** Passes an item of {@link #signals()} on, or errors at its error marker. */
    @SuppressWarnings("unchecked")
    public static <T> void emit(Object signal, SynchronousSink<T> sink) {
        if (signal instanceof ErrorSignal marker) {
            sink.error(marker.error());
        } else {
            sink.next((T) signal);
        }
    }

    /** Releases the reference-counted items (for a result discarded before any of it was emitted). */
    public static void releaseItems(ItemsThenError<?> discarded) {
        discarded.items.forEach(ReferenceCountUtil::safeRelease);
    }

    private record ErrorSignal(RuntimeException error) {}

    /**
     * Emits the items, then errors with the error if there is one, else completes. Items not emitted when the
     * subscriber cancels are released if they are reference-counted (buffers); the release is serialized with
     * the emission ({@code Flux.generate}), so a cancel from another thread can neither miss an item nor release
     * one that was handed on, as {@code Flux.fromIterable}'s discard on cancel can.
     */
    public Flux<T> toFlux() {
        if (items.isEmpty()) {
            return error == null ? Flux.empty() : Flux.error(error);
        }
        return Flux.generate(() -> new int[1], (next, sink) -> {
            if (next[0] < items.size()) {
                sink.next(items.get(next[0]++));
            } else if (error != null) {
                sink.error(error);
            } else {
                sink.complete();
            }
            return next;
        }, next -> {
            for (int i = next[0]; i < items.size(); i++) {
                ReferenceCountUtil.safeRelease(items.get(i));
            }
        });
    }
}
