package io.batchflux;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code GET /batches}: newest first.
 *
 * @param data the batches of this page, never null
 * @param firstId id of the first batch on the page
 * @param lastId id of the last batch: the {@code after} cursor of the next page
 * @param hasMore whether older batches follow
 */
public record BatchPage(List<Batch> data, @Nullable String firstId, @Nullable String lastId, boolean hasMore) {
    public BatchPage {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /** The cursor for the next page: {@code last_id}, or the last batch's id when the server omits it. */
    public @Nullable String nextCursor() {
        if (lastId != null && !lastId.isBlank()) {
            return lastId;
        }
        return data.isEmpty() ? null : data.get(data.size() - 1).id();
    }
}
