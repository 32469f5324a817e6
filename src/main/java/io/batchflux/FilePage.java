package io.batchflux;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code GET /files}, newest first.
 *
 * @param data the files of this page, never null
 * @param firstId id of the first file on the page
 * @param lastId id of the last file: the {@code after} cursor of the next page
 * @param hasMore whether older files follow
 */
public record FilePage(List<FileObject> data, @Nullable String firstId, @Nullable String lastId, boolean hasMore) {
    public FilePage {
        data = data == null ? List.of() : List.copyOf(data);
    }
}
