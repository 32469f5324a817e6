package io.batchflux;

import io.batchflux.http.ApiCall;
import io.batchflux.http.HttpTransport;
import io.batchflux.http.Idempotency;
import io.batchflux.json.WireJson;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/** {@link BatchesApi} over the {@link HttpTransport}. */
final class DefaultBatchesApi implements BatchesApi {
    private final HttpTransport transport;

    DefaultBatchesApi(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public Mono<Batch> create(CreateBatchParams params) {
        return Mono.defer(() -> transport.exchange(
                ApiCall.postJson("/batches", createBody(params), Idempotency.UNSAFE), Batch.class));
    }

    static byte[] createBody(CreateBatchParams params) {
        ObjectNode body = WireJson.mapper().createObjectNode();
        body.put("input_file_id", params.inputFileId());
        body.put("endpoint", params.endpoint());
        body.put("completion_window", params.completionWindow());
        if (!params.metadata().isEmpty()) {
            ObjectNode metadata = body.putObject("metadata");
            params.metadata().forEach(metadata::put);
        }
        ExpiresAfter expiry = params.outputExpiresAfter();
        if (expiry != null) {
            body.putObject("output_expires_after").put("anchor", expiry.anchor()).put("seconds", expiry.seconds());
        }
        return WireJson.mapper().writeValueAsBytes(body);
    }

    @Override
    public Mono<Batch> retrieve(String batchId) {
        return Mono.defer(() -> transport.exchange(ApiCall.get("/batches/" + PathSegments.encode(batchId)),
                Batch.class));
    }

    @Override
    public Mono<Batch> cancel(String batchId) {
        return Mono.defer(() -> transport.exchange(ApiCall.postJson(
                "/batches/" + PathSegments.encode(batchId) + "/cancel", new byte[0], Idempotency.IDEMPOTENT),
                Batch.class));
    }

    @Override
    public Mono<BatchPage> list(@Nullable String after, int limit) {
        if (limit < 1 || limit > 100) {
            return Mono.error(new IllegalArgumentException("limit must be between 1 and 100, got " + limit));
        }
        return Mono.defer(() -> {
            String query = "?limit=" + limit + (after == null || after.isBlank() ? ""
                    : "&after=" + PathSegments.encode(after));
            return transport.exchange(ApiCall.get("/batches" + query), BatchPage.class);
        });
    }

    @Override
    public Flux<Batch> listAll(int pageSize) {
        return list(null, pageSize)
                .expand(page -> {
                    String cursor = page.nextCursor();
                    return page.hasMore() && !page.data().isEmpty() && cursor != null
                            ? list(cursor, pageSize).filter(next -> !Objects.equals(next.nextCursor(), cursor))
                            : Mono.empty();
                }, 1)
                .concatMapIterable(BatchPage::data);
    }
}
