package io.batchflux.jsonl;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * What one input chunk produced: the items completed before a problem, then (optionally) the problem. Iterating
 * yields every item and then throws the error from {@code hasNext()}, so that in
 * {@code flux.concatMapIterable(parser::feed)} the items before an error reach the subscriber first and the
 * error terminates the flux exactly where it was detected.
 *
 * @param <T> the item type
 */
public final class ItemsThenError<T> implements Iterable<T> {
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

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next < items.size()) {
                    return true;
                }
                if (error != null) {
                    throw error;
                }
                return false;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return items.get(next++);
            }
        };
    }
}
