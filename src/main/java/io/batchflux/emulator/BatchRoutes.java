package io.batchflux.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code POST /batches}, {@code GET /batches}, {@code GET /batches/{id}} and {@code POST /batches/{id}/cancel}. */
final class BatchRoutes {

    private static final int MAX_CREATE_BODY_BYTES = 1024 * 1024;

    private final BatchEngine engine;
    private final FileStore store;
    private final FaultInjector faults;

    BatchRoutes(BatchEngine engine, FileStore store, FaultInjector faults) {
        this.engine = engine;
        this.store = store;
        this.faults = faults;
    }

    Mono<Void> create(HttpServerRequest request, HttpServerResponse response) {
        // counted as it arrives: a body over the limit is refused without being held (a declared length at once)
        OpenAiError tooLarge = OpenAiError.invalid(null, "The request body is larger than " + MAX_CREATE_BODY_BYTES
                + " bytes.");
        if (declaredLength(request) > MAX_CREATE_BODY_BYTES) {
            return Mono.error(tooLarge);
        }
        return Mono.defer(() -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    return request.receive()
                            .doOnNext(buf -> {
                                if (body.size() + buf.readableBytes() > MAX_CREATE_BODY_BYTES) {
                                    throw tooLarge;
                                }
                                byte[] bytes = new byte[buf.readableBytes()];
                                buf.getBytes(buf.readerIndex(), bytes);
                                body.writeBytes(bytes);
                            })
                            .then(Mono.fromSupplier(body::toByteArray));
                })
                .map(body -> engine.create(CreateBatchCommand.parse(body, store)))
                .flatMap(batch -> faults.dropAfterCreate()
                        ? EmulatorRoutes.dropConnection(response)
                        : EmulatorRoutes.sendJson(response, 200, batch.toJson()));
    }

    /** The request's {@code Content-Length}, or -1 when it has none (chunked) or an unreadable one. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    Mono<Void> retrieve(HttpServerResponse response, String id) {
        BatchRecord batch = engine.get(id);
        if (batch == null) {
            throw OpenAiError.noSuchBatch(id);
        }
        return EmulatorRoutes.sendJson(response, 200, batch.toJson());
    }

    Mono<Void> cancel(HttpServerResponse response, String id) {
        return EmulatorRoutes.sendJson(response, 200, engine.cancel(id).toJson());
    }

    Mono<Void> list(HttpServerRequest request, HttpServerResponse response) {
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        String after = first(query, "after");
        String limitText = first(query, "limit");
        int limit = 20;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100) {
                throw OpenAiError.invalid("limit", "Invalid 'limit': expected an integer between 1 and 100, got '"
                        + limitText + "'.");
            }
        }
        return EmulatorRoutes.sendJson(response, 200, engine.list(after == null || after.isEmpty() ? null : after, limit));
    }

    private static @Nullable String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
