package io.batchflux;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A batch as the server describes it: one snapshot, immutable. Only {@code id} and {@code status} are
 * reliably present; every other field may be null (timestamps are null when unset, whether the server sent
 * null, 0 or nothing). Unknown JSON properties are ignored; timestamps may arrive as unix seconds or ISO-8601
 * strings.
 */
public record Batch(
        String id,
        @Nullable String object,
        @Nullable String endpoint,
        @Nullable String model,
        @Nullable BatchErrors errors,
        @Nullable String inputFileId,
        @Nullable String completionWindow,
        BatchStatus status,
        @Nullable String outputFileId,
        @Nullable String errorFileId,
        @Nullable Instant createdAt,
        @Nullable Instant inProgressAt,
        @Nullable Instant expiresAt,
        @Nullable Instant finalizingAt,
        @Nullable Instant completedAt,
        @Nullable Instant failedAt,
        @Nullable Instant expiredAt,
        @Nullable Instant cancellingAt,
        @Nullable Instant cancelledAt,
        RequestCounts requestCounts,
        @Nullable JsonNode usage,
        Map<String, String> metadata) {

    public Batch {
        if (id == null) {
            throw new IllegalArgumentException("a batch needs an id");
        }
        status = status == null ? BatchStatus.of("unknown") : status;
        requestCounts = requestCounts == null ? RequestCounts.NONE : requestCounts;
        metadata = metadata == null ? Map.of() : copyWithoutNulls(metadata);
        outputFileId = blankToNull(outputFileId);
        errorFileId = blankToNull(errorFileId);
    }

    /** The validation errors, empty when there are none. */
    public List<BatchError> errorList() {
        return errors == null ? List.of() : errors.data();
    }

    /** Whether the batch has reached a status it will not leave. */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Map<String, String> copyWithoutNulls(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
