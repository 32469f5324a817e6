package io.batchflux;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A file stored by the server ({@code object: "file"}), as returned by upload and retrieve.
 *
 * @param id the file id, e.g. {@code file-abc123}
 * @param bytes size in bytes, when the server reports it
 * @param purpose {@code batch} for batch input, {@code batch_output} for results
 * @param status deprecated by OpenAI but still sent ({@code uploaded}, {@code processed}, ...)
 */
public record FileObject(
        String id,
        @Nullable String object,
        @Nullable Long bytes,
        @Nullable Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable String filename,
        @Nullable String purpose,
        @Nullable String status,
        @Nullable String statusDetails) {

    public FileObject {
        if (id == null) {
            throw new IllegalArgumentException("a file needs an id");
        }
    }
}
