package io.batchflux.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A plain reactor-netty client for the emulator's routes (deliberately not the batchflux client). */
final class EmulatorHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String BOUNDARY = "batchflux-test-boundary-7MA4YWxkTrZu0gW";

    /** A whole answer. */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            return EmulatorJson.MAPPER.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;

    EmulatorHttp(BatchEmulator emulator, @Nullable String apiKey) {
        this.client = HttpClient.create()
                .baseUrl(emulator.baseUrl())
                .headers(h -> {
                    if (apiKey != null) {
                        h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + apiKey);
                    }
                });
    }

    Mono<Reply> exchange(HttpMethod method, String path, @Nullable Flux<ByteBuf> body, Consumer<HttpHeaders> headers) {
        HttpClient withHeaders = client.headers(headers);
        var request = withHeaders.request(method).uri(path);
        var sent = body == null ? request.send(Mono.empty()) : request.send(body);
        return sent.responseSingle((response, content) -> content.asByteArray()
                .defaultIfEmpty(new byte[0])
                .map(bytes -> new Reply(response.status().code(), response.responseHeaders(), bytes)));
    }

    Reply get(String path) {
        return exchange(HttpMethod.GET, path, null, h -> { }).block(TIMEOUT);
    }

    Reply get(String path, Consumer<HttpHeaders> headers) {
        return exchange(HttpMethod.GET, path, null, headers).block(TIMEOUT);
    }

    Reply delete(String path) {
        return exchange(HttpMethod.DELETE, path, null, h -> { }).block(TIMEOUT);
    }

    Reply postJson(String path, JsonNode json) {
        byte[] bytes = EmulatorJson.bytes(json);
        return exchange(HttpMethod.POST, path, Flux.just(Unpooled.wrappedBuffer(bytes)),
                h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")).block(TIMEOUT);
    }

    /** Uploads {@code content} as a batch file, chunked, and returns the file id. */
    String upload(String content) {
        Reply reply = upload(multipart("batch", "input.jsonl", content.getBytes(StandardCharsets.UTF_8), Map.of()), 8192, false);
        if (reply.status() != 200) {
            throw new AssertionError("upload failed: " + reply.status() + " " + reply.text());
        }
        return reply.json().get("id").asString();
    }

    /** Sends {@code body} in chunks of {@code chunkSize}, with a Content-Length header or chunked. */
    Reply upload(byte[] body, int chunkSize, boolean contentLength) {
        return exchange(HttpMethod.POST, "/files", chunks(body, chunkSize), h -> {
            h.set(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + BOUNDARY);
            if (contentLength) {
                h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            }
        }).block(TIMEOUT);
    }

    /** The multipart bytes SDKs send: fields first, then the file part, then the closing boundary. */
    static byte[] multipart(String purpose, @Nullable String filename, byte[] content, Map<String, String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(partHead("purpose", null));
        out.writeBytes(purpose.getBytes(StandardCharsets.UTF_8));
        fields.forEach((name, value) -> {
            out.writeBytes(("\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(partHead(name, null));
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        });
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(partHead("file", filename));
        out.writeBytes(content);
        out.writeBytes(closing());
        return out.toByteArray();
    }

    static byte[] partHead(String name, @Nullable String filename) {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"")
                + (filename == null ? "" : "\r\nContent-Type: application/jsonl") + "\r\n\r\n";
        return head.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] closing() {
        return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static Flux<ByteBuf> chunks(byte[] body, int chunkSize) {
        return Flux.range(0, (body.length + chunkSize - 1) / chunkSize)
                .map(i -> Unpooled.wrappedBuffer(body, i * chunkSize, Math.min(chunkSize, body.length - i * chunkSize)));
    }

    ObjectNode createBatch(String fileId, String endpoint) {
        ObjectNode request = EmulatorJson.object();
        request.put("input_file_id", fileId);
        request.put("endpoint", endpoint);
        request.put("completion_window", "24h");
        Reply reply = postJson("/batches", request);
        if (reply.status() != 200) {
            throw new AssertionError("create failed: " + reply.status() + " " + reply.text());
        }
        return (ObjectNode) reply.json();
    }

    /** Polls the batch until its status is one of {@code statuses}; fails after {@link #TIMEOUT}. */
    JsonNode awaitStatus(String batchId, String... statuses) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode batch = null;
        while (System.nanoTime() < deadline) {
            batch = get("/batches/" + batchId).json();
            for (String status : statuses) {
                if (batch.get("status").asString().equals(status)) {
                    return batch;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("batch " + batchId + " did not reach " + List.of(statuses) + ": " + batch);
    }

    /** The lines of a stored file. */
    List<String> lines(String fileId) {
        Reply reply = get("/files/" + fileId + "/content");
        if (reply.status() != 200) {
            throw new AssertionError("download failed: " + reply.status() + " " + reply.text());
        }
        String text = reply.text();
        if (!text.endsWith("\n")) {
            throw new AssertionError("result file does not end with a newline: " + text);
        }
        return List.of(text.split("\n"));
    }
}
