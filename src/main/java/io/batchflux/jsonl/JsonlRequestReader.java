package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import io.netty.buffer.ByteBuf;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Reads a native batch input file ({@code {"custom_id","method","url","body"}} per line) into {@link
 * BatchRequest}s, validating while streaming (see {@link JsonlLineDecoder} for the rules); blank lines are
 * skipped. Immutable: {@code with...} returns a copy.
 *
 * <p>{@link #read(Flux)} takes ownership of the buffers and releases each once; it emits requests lazily with
 * backpressure, completes when the input ends, and errors with {@link RequestSpecException} (naming line and byte
 * offset) at the first invalid line, after emitting the requests before it. Files are read through {@code
 * RequestSpecParser}, which also auto-detects this format.
 *
 * <pre>{@code
 * JsonlRequestReader.create("gpt-4o-mini", "/v1/chat/completions").read(chunks)
 * }</pre>
 */
public final class JsonlRequestReader {
    /** 1 MiB per line by default. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

    private final String defaultModel;
    private final String endpoint;
    private final int maxLineBytes;

    private JsonlRequestReader(String defaultModel, String endpoint, int maxLineBytes) {
        this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** A reader filling bodies without a model with {@code defaultModel} and requiring {@code url == endpoint}. */
    public static JsonlRequestReader create(String defaultModel, String endpoint) {
        return new JsonlRequestReader(defaultModel, endpoint, DEFAULT_MAX_LINE_BYTES);
    }

    /** A copy accepting lines of up to {@code maxLineBytes} bytes. */
    public JsonlRequestReader withMaxLineBytes(int maxLineBytes) {
        return new JsonlRequestReader(defaultModel, endpoint, maxLineBytes);
    }

    /** The requests in {@code source}, in order. Cold: each subscription reads afresh. */
    public Flux<BatchRequest> read(Flux<ByteBuf> source) {
        return Flux.defer(() -> {
            JsonlLineDecoder decoder = new JsonlLineDecoder(defaultModel, endpoint);
            return LineSplitter.split(source, maxLineBytes)
                    .onErrorMap(LineTooLongException.class, JsonlLineDecoder::lineTooLong)
                    .mapNotNull(decoder::decode);
        });
    }
}
