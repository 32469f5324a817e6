package io.batchflux.jsonl;

import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * What one input chunk produced: the items completed before a problem, then (optionally) the problem. Used as
 * {@code source.concatMap(chunk -> parser.feed(chunk).toFlux(), 1)}: the items before an error reach the
 * subscriber first, and the error terminates the flux exactly where it was detected.
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

    /** Emits the items, then errors with the error if there is one, else completes. */
    public Flux<T> toFlux() {
        Flux<T> flux = items.isEmpty() ? Flux.empty() : Flux.fromIterable(items);
        return error == null ? flux : flux.concatWith(Flux.error(error));
    }
}
