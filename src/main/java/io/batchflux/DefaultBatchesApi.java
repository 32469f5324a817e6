package io.batchflux;

import io.batchflux.http.ApiCall;
import io.batchflux.http.HttpTransport;
import io.batchflux.http.Idempotency;
import io.batchflux.http.RetryDecision;
import io.batchflux.json.WireJson;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link BatchesApi} over the {@link HttpTransport}. */
final class DefaultBatchesApi implements BatchesApi {
    private final HttpTransport transport;

    DefaultBatchesApi(HttpTransport transport) {
        this.transport = transport;
    }

    /** The metadata key of the token that makes batch creation safe to repeat. */
    static final String TOKEN_KEY = "batchflux_token";
    /** How many of the newest batches are searched for a token after an ambiguous failure. */
    private static final int TOKEN_SEARCH_DEPTH = 200;

    @Override
    public Mono<Batch> create(CreateBatchParams params) {
        boolean room = params.metadata().size() < CreateBatchParams.MAX_METADATA_PAIRS
                && !params.metadata().containsKey(TOKEN_KEY);
        if (!room) {
            return createOnce(params);
        }
        return Mono.defer(() -> {
            String token = java.util.UUID.randomUUID().toString();
            return createAttempt(params.withMetadata(TOKEN_KEY, token), token, 0);
        });
    }

    /**
     * One creation attempt. After an ambiguous failure (the request may have reached the server: a reset after
     * sending, a timeout, a 5xx from a gateway the server behind may have answered) the newest batches are searched
     * for the token first, so a batch the server did create is returned instead of a second one being made. When
     * that search fails, the creation's own failure is signalled (the search's suppressed in it): it says the batch
     * may exist.
     */
    private Mono<Batch> createAttempt(CreateBatchParams stamped, String token, int retriesDone) {
        RetryPolicy policy = transport.options().retryPolicy();
        return createOnce(stamped).onErrorResume(e -> {
            Duration delay = RetryDecision.delayBeforeCheck(e, policy, retriesDone + 1);
            if (delay == null) {
                return Mono.error(e);
            }
            return Mono.delay(delay)
                    .then(findByToken(token).onErrorResume(lookupFailure -> {
                        e.addSuppressed(lookupFailure);
                        return Mono.error(e);
                    }))
                    .switchIfEmpty(Mono.defer(() -> createAttempt(stamped, token, retriesDone + 1)
                            // a later attempt's clean refusal does not undo this one: a list that lags behind
                            // may not show its batch yet, so the failure carries it (RetryDecision.leftUnknown)
                            .onErrorMap(later -> {
                                if (later != e) {
                                    later.addSuppressed(e);
                                }
                                return later;
                            })));
        });
    }

    private Mono<Batch> findByToken(String token) {
        return listAll(100).take(TOKEN_SEARCH_DEPTH)
                .filter(b -> token.equals(b.metadata().get(TOKEN_KEY)))
                .next();
    }

    private Mono<Batch> createOnce(CreateBatchParams params) {
        return Mono.defer(() -> {
            ApiCall call = ApiCall.postJson("/batches", createBody(params), Idempotency.UNSAFE);
            return transport.exchange(call, JsonNode.class).map(answer -> createdBatch(call, answer));
        });
    }

    /**
     * The batch in a creation's answer: the answer itself, or its {@code job} when the server wraps the batch in
     * one (Together's {@code {"job":{...}}}).
     */
    private static Batch createdBatch(ApiCall call, JsonNode answer) {
        JsonNode batch = !answer.has("id") && answer.path("job").isObject() ? answer.get("job") : answer;
        return HttpTransport.readAnswer(call, Batch.class, () -> WireJson.mapper().treeToValue(batch, Batch.class),
                () -> WireJson.mapper().writeValueAsBytes(answer));
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
                .concatMapIterable(BatchPage::data, 1); // a page in hand, one being fetched: no more ahead
    }
}
