package io.batchflux;

import io.batchflux.json.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of one request of a batch, parsed from one line of its output or error file, correlated by
 * {@code custom_id}. A closed family:
 * <ul>
 *   <li>{@link Succeeded}: the endpoint answered 2xx; the body is the endpoint's normal response;</li>
 *   <li>{@link Failed}: the endpoint answered 4xx/5xx; the error object came in {@code response.body.error};</li>
 *   <li>{@link NotExecuted}: no response at all ({@code response: null}), e.g. {@code batch_expired};</li>
 *   <li>{@link Missing}: the request was submitted but is in neither file (only when completeness is asked for).</li>
 * </ul>
 * Per-request failures are values, not errors: a batch whose every request failed still emits normally.
 */
public sealed interface BatchResult {

    /** The caller's id of the request. */
    String customId();

    /** The server's id of the result line ({@code batch_req_...}, a UUID, {@code vllm-...}), if any. */
    @Nullable String lineId();

    /** The HTTP status of the request's answer, or 0 when it was not executed or is missing. */
    int statusCode();

    /** Whether the request succeeded (2xx). */
    default boolean isSuccess() {
        return this instanceof Succeeded;
    }

    /** A 2xx answer. */
    record Succeeded(String customId, @Nullable String lineId, int statusCode, @Nullable String requestId,
            JsonNode body) implements BatchResult {

        /** The first choice's message content of a chat completion, if the body is one. */
        public Optional<String> chatContent() {
            JsonNode content = body.path("choices").path(0).path("message").path("content");
            if (content.isString()) {
                return Optional.of(content.asString());
            }
            // /v1/responses: output[].content[].text of type output_text
            for (JsonNode item : body.path("output")) {
                for (JsonNode part : item.path("content")) {
                    if ("output_text".equals(part.path("type").asString(""))) {
                        return Optional.of(part.path("text").asString(""));
                    }
                }
            }
            return Optional.empty();
        }

        /** The embedding vectors of an embeddings body, in input order; empty for other bodies. */
        public List<float[]> embeddings() {
            List<float[]> out = new ArrayList<>();
            for (JsonNode item : body.path("data")) {
                JsonNode vector = item.path("embedding");
                if (vector.isArray()) {
                    float[] values = new float[vector.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) vector.get(i).asDouble();
                    }
                    out.add(values);
                }
            }
            return out;
        }

        /** The token usage the body reports, if any. */
        public Optional<TokenUsage> usage() {
            JsonNode u = body.path("usage");
            if (!u.isObject()) {
                return Optional.empty();
            }
            long prompt = u.path("prompt_tokens").asLong(u.path("input_tokens").asLong(0));
            long completion = u.path("completion_tokens").asLong(u.path("output_tokens").asLong(0));
            long total = u.path("total_tokens").asLong(prompt + completion);
            return Optional.of(new TokenUsage(prompt, completion, total));
        }

        /** The body converted to {@code type} with batchflux's wire mapper (snake_case, unknown fields ignored). */
        public <T> T as(Class<T> type) {
            return WireJson.mapper().treeToValue(body, type);
        }
    }

    /** A 4xx/5xx answer; {@code body} is the raw answer body (null when the server sent none). */
    record Failed(String customId, @Nullable String lineId, int statusCode, @Nullable String requestId,
            ApiError error, @Nullable JsonNode body) implements BatchResult {}

    /** The request was never executed ({@code response: null}); {@code error.code()} says why. */
    record NotExecuted(String customId, @Nullable String lineId, ApiError error) implements BatchResult {
        @Override
        public int statusCode() {
            return 0;
        }
    }

    /** A submitted request that appears in neither the output nor the error file. */
    record Missing(String customId) implements BatchResult {
        @Override
        public @Nullable String lineId() {
            return null;
        }

        @Override
        public int statusCode() {
            return 0;
        }
    }
}
