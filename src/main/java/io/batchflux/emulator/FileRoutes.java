package io.batchflux.emulator;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code POST /files}, {@code GET /files/{id}}, {@code DELETE /files/{id}} and {@code GET /files/{id}/content}. */
final class FileRoutes {

    private final FileStore store;
    private final MultipartUploadReceiver receiver;
    private final FaultInjector faults;
    private final Scheduler io;

    FileRoutes(FileStore store, MultipartUploadReceiver receiver, FaultInjector faults, Scheduler io) {
        this.store = store;
        this.receiver = receiver;
        this.faults = faults;
        this.io = io;
    }

    Mono<Void> upload(HttpServerRequest request, HttpServerResponse response) {
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        AtomicReference<Channel> channel = new AtomicReference<>();
        request.withConnection(c -> channel.set(c.channel()));
        return receiver.receive(contentType, request.receive(), channel.get())
                // a body that went silent belongs to a client that is gone or stuck: close the connection, so
                // the codec releases what it still holds of the half-received body
                // (nobody is left to read an answer, and writing one would race the codec's cleanup)
                .onErrorResume(TimeoutException.class, e -> Mono.fromRunnable(
                        () -> request.withConnection(Connection::dispose)))
                .flatMap(file -> faults.dropAfterUpload()
                        ? EmulatorRoutes.dropConnection(response)
                        : EmulatorRoutes.sendJson(response, 200, file.toJson()));
    }

    /**
     * {@code GET /files?purpose=&limit=&after=&order=}: stored files newest first ({@code order=asc}: oldest
     * first), OpenAI's list shape; limit 1..10,000, default 10,000.
     */
    Mono<Void> list(HttpServerRequest request, HttpServerResponse response) {
        var query = new io.netty.handler.codec.http.QueryStringDecoder(request.uri()).parameters();
        String purpose = first(query, "purpose");
        String after = first(query, "after");
        int limit = 10_000;
        String limitText = first(query, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 10_000) {
                throw new OpenAiError(400, "Invalid 'limit': must be between 1 and 10000, got " + limitText + ".",
                        "invalid_request_error", "limit", null);
            }
        }
        if (after != null && store.get(after) == null) {
            throw new OpenAiError(400, "Invalid 'after': no file " + after + ".", "invalid_request_error", "after",
                    null);
        }
        String order = first(query, "order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw new OpenAiError(400, "Invalid 'order': must be 'asc' or 'desc', got " + order + ".",
                    "invalid_request_error", "order", null);
        }
        java.util.List<StoredFile> page = store.list(purpose, after, limit, "asc".equals(order));
        boolean hasMore = page.size() > limit;
        java.util.List<StoredFile> data = hasMore ? page.subList(0, limit) : page;
        var body = EmulatorJson.object();
        body.put("object", "list");
        var array = body.putArray("data");
        data.forEach(f -> array.add(f.toJson()));
        body.put("first_id", data.isEmpty() ? null : data.get(0).id());
        body.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).id());
        body.put("has_more", hasMore);
        return EmulatorRoutes.sendJson(response, 200, body);
    }

    private static @org.jspecify.annotations.Nullable String first(
            java.util.Map<String, java.util.List<String>> query, String name) {
        java.util.List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }

    Mono<Void> retrieve(HttpServerResponse response, String id) {
        return EmulatorRoutes.sendJson(response, 200, existing(id).toJson());
    }

    Mono<Void> delete(HttpServerResponse response, String id) {
        // deleting touches the disk: off the event loop
        return Mono.fromCallable(() -> store.delete(id))
                .subscribeOn(io)
                .switchIfEmpty(Mono.error(() -> OpenAiError.noSuchFile(id)))
                .flatMap(file -> {
                    var body = EmulatorJson.object();
                    body.put("id", file.id());
                    body.put("object", "file");
                    body.put("deleted", true);
                    return EmulatorRoutes.sendJson(response, 200, body);
                });
    }

    /**
     * Streams the file's bytes (zero-copy where the transport allows), honouring one {@code Range: bytes=N-} or
     * {@code bytes=N-M}; an unsatisfiable start is answered 416, a malformed range is ignored (RFC 9110).
     */
    Mono<Void> download(HttpServerRequest request, HttpServerResponse response, String id) {
        StoredFile file = existing(id);
        long size = file.bytes();
        ByteRange range = ByteRange.parse(request.requestHeaders().get(HttpHeaderNames.RANGE), size);
        response.header(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (range != null && range.unsatisfiable()) {
            response.header(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            throw new OpenAiError(416, "Range not satisfiable: the file has " + size + " bytes.",
                    "invalid_request_error", "range", null);
        }
        long start = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        if (range != null) {
            response.status(206);
            response.header(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + (start + length - 1) + "/" + size);
        }
        response.header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(length));
        if (length > 0 && faults.truncateDownload()) {
            // promise the whole length, deliver half, hang up: what a broken download looks like to a client
            return response.sendFile(file.path(), start, length / 2).then()
                    .then(EmulatorRoutes.dropConnection(response));
        }
        if (length == 0) {
            return response.send();
        }
        return response.sendFile(file.path(), start, length).then();
    }

    private StoredFile existing(String id) {
        StoredFile file = store.get(id);
        if (file == null) {
            throw OpenAiError.noSuchFile(id);
        }
        return file;
    }
}
