package io.batchflux;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How {@link BatchClient#submit} turns a stream of requests into a batch: the endpoint every request must
 * target, the completion window, metadata, file expiries, the limits checked while streaming, and the upload's
 * filename. Immutable: every {@code with...} returns a copy.
 *
 * <p>Defaults: {@code /v1/chat/completions}, {@code 24h}, no metadata, no expiries, OpenAI's limits (50,000
 * requests, 200 MB per batch; raise them for Azure's 100,000 or for servers without limits), filename
 * {@code batchinput.jsonl}. The limits bound one batch: {@link BatchClient#submit}
 * fails when a stream exceeds them, {@link BatchClient#submitShards} starts a new batch instead.
 */
public record SubmitOptions(String endpoint, String completionWindow, Map<String, String> metadata,
        @Nullable ExpiresAfter fileExpiresAfter, @Nullable ExpiresAfter outputExpiresAfter, long maxRequests,
        long maxBytes, String filename) {

    public static final long OPENAI_MAX_REQUESTS = 50_000;
    public static final long OPENAI_MAX_BYTES = 200L * 1024 * 1024;
    public static final SubmitOptions DEFAULTS = new SubmitOptions(CreateBatchParams.DEFAULT_ENDPOINT,
            CreateBatchParams.DEFAULT_COMPLETION_WINDOW, Map.of(), null, null, OPENAI_MAX_REQUESTS,
            OPENAI_MAX_BYTES, UploadOptions.DEFAULTS.filename());

    public SubmitOptions {
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        if (maxRequests < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        // validates endpoint, window and metadata the way batch creation will, before anything is sent
        new CreateBatchParams("file-check", endpoint, completionWindow, metadata, outputExpiresAfter);
        new UploadOptions("batch", filename, fileExpiresAfter, false);
    }

    public static SubmitOptions defaults() {
        return DEFAULTS;
    }

    public SubmitOptions withEndpoint(String endpoint) {
        return new SubmitOptions(endpoint, completionWindow, metadata, fileExpiresAfter, outputExpiresAfter,
                maxRequests, maxBytes, filename);
    }

    public SubmitOptions withCompletionWindow(String window) {
        return new SubmitOptions(endpoint, window, metadata, fileExpiresAfter, outputExpiresAfter, maxRequests,
                maxBytes, filename);
    }

    public SubmitOptions withMetadata(Map<String, String> metadata) {
        return new SubmitOptions(endpoint, completionWindow, metadata, fileExpiresAfter, outputExpiresAfter,
                maxRequests, maxBytes, filename);
    }

    public SubmitOptions withFileExpiresAfter(@Nullable ExpiresAfter expiry) {
        return new SubmitOptions(endpoint, completionWindow, metadata, expiry, outputExpiresAfter, maxRequests,
                maxBytes, filename);
    }

    public SubmitOptions withOutputExpiresAfter(@Nullable ExpiresAfter expiry) {
        return new SubmitOptions(endpoint, completionWindow, metadata, fileExpiresAfter, expiry, maxRequests,
                maxBytes, filename);
    }

    /** The largest batch: at most {@code maxRequests} requests and {@code maxBytes} bytes of JSONL. */
    public SubmitOptions withLimits(long maxRequests, long maxBytes) {
        return new SubmitOptions(endpoint, completionWindow, metadata, fileExpiresAfter, outputExpiresAfter,
                maxRequests, maxBytes, filename);
    }

    public SubmitOptions withFilename(String filename) {
        return new SubmitOptions(endpoint, completionWindow, metadata, fileExpiresAfter, outputExpiresAfter,
                maxRequests, maxBytes, filename);
    }

    /** The batch-creation parameters for an uploaded input file. */
    public CreateBatchParams createParams(String inputFileId) {
        return new CreateBatchParams(inputFileId, endpoint, completionWindow, metadata, outputExpiresAfter);
    }

    /** {@code request} itself, or an error when it targets another endpoint than the batch's. */
    public BatchRequest requireEndpoint(BatchRequest request) {
        if (!request.url().equals(endpoint)) {
            throw new BatchfluxException("request " + request.customId() + " targets " + request.url()
                    + " but the batch endpoint is " + endpoint + ": every request of a batch must use its endpoint");
        }
        return request;
    }

    /** The upload options of the input file. */
    public UploadOptions uploadOptions() {
        return new UploadOptions("batch", filename, fileExpiresAfter, false);
    }
}
