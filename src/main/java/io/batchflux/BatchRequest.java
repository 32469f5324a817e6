package io.batchflux;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One line of a batch input file: {@code {"custom_id", "method", "url", "body"}}.
 *
 * @param customId the caller's id, unique within a batch; results carry it back
 * @param method the HTTP method, {@code POST} for every endpoint OpenAI batches
 * @param url the endpoint path, equal to the batch's endpoint, e.g. {@code /v1/chat/completions}
 * @param body the request body the endpoint expects (must be a JSON object)
 */
public record BatchRequest(String customId, String method, String url, JsonNode body) {
    public BatchRequest {
        if (customId == null || customId.isEmpty()) {
            throw new IllegalArgumentException("custom_id must not be empty");
        }
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method must not be blank (custom_id " + customId + ")");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url must not be blank (custom_id " + customId + ")");
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object (custom_id " + customId + ")");
        }
    }

    /** A {@code POST} request to {@code url} with {@code body}. */
    public static BatchRequest post(String customId, String url, JsonNode body) {
        return new BatchRequest(customId, "POST", url, body);
    }

    /** The body's {@code model}, or null when it has none. */
    public @org.jspecify.annotations.Nullable String model() {
        JsonNode model = body.get("model");
        return model != null && model.isString() ? model.asString() : null;
    }

    /** A copy whose body carries {@code model} when it has none; the same request otherwise. */
    public BatchRequest withDefaultModel(String model) {
        if (model() != null) {
            return this;
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.put("model", model);
        return new BatchRequest(customId, method, url, copy);
    }
}
