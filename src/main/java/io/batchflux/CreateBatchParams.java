package io.batchflux;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /batches}. Immutable: every {@code with...} returns a copy.
 *
 * <p>Defaults: endpoint {@code /v1/chat/completions}, completion window {@code 24h}, no metadata, no output
 * expiry. Metadata is limited as OpenAI limits it: at most 16 pairs, keys up to 64 characters, values up to
 * 512; a violation fails here, before any I/O.
 *
 * @param inputFileId the uploaded JSONL file ({@code purpose=batch})
 * @param endpoint the endpoint every line's {@code url} names; an open string
 * @param completionWindow {@code 24h} on OpenAI; other backends accept more (Groq: up to {@code 7d})
 * @param metadata free-form string pairs stored with the batch
 * @param outputExpiresAfter expiry of the output and error files
 */
public record CreateBatchParams(
        String inputFileId,
        String endpoint,
        String completionWindow,
        Map<String, String> metadata,
        @Nullable ExpiresAfter outputExpiresAfter) {

    public static final String DEFAULT_ENDPOINT = "/v1/chat/completions";
    public static final String DEFAULT_COMPLETION_WINDOW = "24h";
    public static final int MAX_METADATA_PAIRS = 16;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 512;

    public CreateBatchParams {
        if (inputFileId == null || inputFileId.isBlank()) {
            throw new IllegalArgumentException("input_file_id must not be blank");
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be blank");
        }
        if (completionWindow == null || completionWindow.isBlank()) {
            throw new IllegalArgumentException("completion_window must not be blank");
        }
        metadata = checkedMetadata(metadata == null ? Map.of() : metadata);
    }

    /** Parameters for a chat-completions batch over {@code inputFileId} with the defaults. */
    public static CreateBatchParams of(String inputFileId) {
        return new CreateBatchParams(inputFileId, DEFAULT_ENDPOINT, DEFAULT_COMPLETION_WINDOW, Map.of(), null);
    }

    public CreateBatchParams withEndpoint(String endpoint) {
        return new CreateBatchParams(inputFileId, endpoint, completionWindow, metadata, outputExpiresAfter);
    }

    public CreateBatchParams withCompletionWindow(String window) {
        return new CreateBatchParams(inputFileId, endpoint, window, metadata, outputExpiresAfter);
    }

    public CreateBatchParams withMetadata(Map<String, String> metadata) {
        return new CreateBatchParams(inputFileId, endpoint, completionWindow, metadata, outputExpiresAfter);
    }

    /** A copy with one more metadata pair (replacing a pair with the same key). */
    public CreateBatchParams withMetadata(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(metadata);
        copy.put(key, value);
        return withMetadata(copy);
    }

    public CreateBatchParams withOutputExpiresAfter(@Nullable ExpiresAfter expiry) {
        return new CreateBatchParams(inputFileId, endpoint, completionWindow, metadata, expiry);
    }

    public CreateBatchParams withInputFileId(String inputFileId) {
        return new CreateBatchParams(inputFileId, endpoint, completionWindow, metadata, outputExpiresAfter);
    }

    private static Map<String, String> checkedMetadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_PAIRS) {
            throw new IllegalArgumentException("metadata has " + metadata.size() + " pairs; at most "
                    + MAX_METADATA_PAIRS + " are allowed");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("metadata keys and values must not be null");
            }
            if (k.length() > MAX_METADATA_KEY) {
                throw new IllegalArgumentException("metadata key '" + k + "' is longer than " + MAX_METADATA_KEY);
            }
            if (v.length() > MAX_METADATA_VALUE) {
                throw new IllegalArgumentException(
                        "metadata value of '" + k + "' is longer than " + MAX_METADATA_VALUE + " characters");
            }
            copy.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }
}
