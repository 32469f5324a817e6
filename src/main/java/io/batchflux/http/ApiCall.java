package io.batchflux.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * One HTTP call: method, path below the base URL, optional body. A body is a supplier so that each attempt
 * gets a fresh publisher; {@code replayable} says, when a retry is due, whether the body can be produced again
 * (a one-shot stream that was already sent cannot).
 *
 * @param contentLength the body length in bytes, or -1 to send it chunked
 */
public record ApiCall(
        HttpMethod method,
        String path,
        Idempotency idempotency,
        @Nullable Supplier<Publisher<ByteBuf>> body,
        @Nullable String contentType,
        long contentLength,
        java.util.function.BooleanSupplier replayable,
        Map<String, String> headers) {

    public ApiCall {
        headers = Map.copyOf(headers);
    }

    public static ApiCall get(String path) {
        return new ApiCall(HttpMethod.GET, path, Idempotency.IDEMPOTENT, null, null, -1, () -> true, Map.of());
    }

    public static ApiCall delete(String path) {
        return new ApiCall(HttpMethod.DELETE, path, Idempotency.IDEMPOTENT, null, null, -1, () -> true, Map.of());
    }

    /** A JSON POST; the body bytes are fixed, so every attempt can send them again. */
    public static ApiCall postJson(String path, byte[] json, Idempotency idempotency) {
        Supplier<Publisher<ByteBuf>> body = () -> reactor.core.publisher.Mono.fromSupplier(
                () -> io.netty.buffer.Unpooled.wrappedBuffer(json));
        return new ApiCall(HttpMethod.POST, path, idempotency, body, "application/json", json.length, () -> true,
                Map.of());
    }

    /** A streamed POST body (multipart upload). */
    public static ApiCall postStream(String path, Supplier<Publisher<ByteBuf>> body, String contentType,
            long contentLength, java.util.function.BooleanSupplier replayable) {
        return new ApiCall(HttpMethod.POST, path, Idempotency.UNSAFE, body, contentType, contentLength, replayable,
                Map.of());
    }

    /** The same call with one more header. */
    public ApiCall withHeader(String name, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiCall(method, path, idempotency, body, contentType, contentLength, replayable, copy);
    }

    /** {@code GET /batches/batch_abc}: how errors name the call (the path without its query). */
    public String describe() {
        int q = path.indexOf('?');
        return method.name() + ' ' + (q < 0 ? path : path.substring(0, q));
    }
}
