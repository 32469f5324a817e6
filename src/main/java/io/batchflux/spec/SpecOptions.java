package io.batchflux.spec;

import java.util.Objects;

/**
 * How {@link RequestSpecParser} reads its input. Immutable: every {@code with...} returns a copy.
 *
 * @param model the model of every spec request, and of JSONL bodies without one (default {@code gpt-4o-mini})
 * @param endpoint the batch endpoint: the {@code url} of spec requests, required of JSONL lines (default
 *     {@code /v1/chat/completions})
 * @param maxRequestBytes the largest request accepted, in bytes of input (a spec piece or a JSONL line); only the
 *     current request is held in memory, so this bounds the parser's memory (default 1 MiB)
 * @param format the input format (default {@link SpecFormat#AUTO})
 */
public record SpecOptions(String model, String endpoint, int maxRequestBytes, SpecFormat format) {
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_ENDPOINT = "/v1/chat/completions";
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    /** The largest {@code maxRequestBytes}: one request is one array, and the parsers add a few bytes of slack. */
    public static final int MAX_REQUEST_BYTES_LIMIT = Integer.MAX_VALUE - 16;

    public SpecOptions {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be blank");
        }
        if (maxRequestBytes < 1 || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxRequestBytes must be within 1.." + MAX_REQUEST_BYTES_LIMIT + ": "
                    + maxRequestBytes);
        }
        Objects.requireNonNull(format, "format");
    }

    /** {@code gpt-4o-mini}, {@code /v1/chat/completions}, 1 MiB, {@link SpecFormat#AUTO}. */
    public static SpecOptions defaults() {
        return new SpecOptions(DEFAULT_MODEL, DEFAULT_ENDPOINT, DEFAULT_MAX_REQUEST_BYTES, SpecFormat.AUTO);
    }

    public SpecOptions withModel(String model) {
        return new SpecOptions(model, endpoint, maxRequestBytes, format);
    }

    public SpecOptions withEndpoint(String endpoint) {
        return new SpecOptions(model, endpoint, maxRequestBytes, format);
    }

    public SpecOptions withMaxRequestBytes(int maxRequestBytes) {
        return new SpecOptions(model, endpoint, maxRequestBytes, format);
    }

    public SpecOptions withFormat(SpecFormat format) {
        return new SpecOptions(model, endpoint, maxRequestBytes, format);
    }
}
