package io.batchflux.results;

import io.batchflux.ApiError;
import io.batchflux.BatchResult;
import io.batchflux.jsonl.Line;
import io.batchflux.json.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Parses one output- or error-file line into a {@link BatchResult}, accepting every shape seen in the wild:
 * OpenAI's three ({@code response} 2xx; {@code response} 4xx/5xx with {@code body.error}; {@code response: null}
 * with {@code error}), vLLM's bare-string {@code error} beside a {@code body: null}, and ids of any shape.
 * A line without a {@code custom_id}, or that is not JSON, is a {@link ResultFormatException}.
 */
public final class ResultLineParser {
    private ResultLineParser() {}

    public static BatchResult parse(Line line, String fileId) {
        JsonNode root;
        try {
            root = WireJson.mapper().readTree(line.bytes());
        } catch (JacksonException e) {
            throw new ResultFormatException(fileId, line.number(), line.byteOffset(),
                    "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ResultFormatException(fileId, line.number(), line.byteOffset(), "not a JSON object");
        }
        String customId = text(root.get("custom_id"));
        if (customId == null) {
            throw new ResultFormatException(fileId, line.number(), line.byteOffset(), "no custom_id");
        }
        String lineId = text(root.get("id"));
        JsonNode response = root.get("response");
        ApiError topError = error(root.get("error"));
        if (response == null || response.isNull() || !response.isObject()) {
            return new BatchResult.NotExecuted(customId, lineId,
                    topError != null ? topError : new ApiError(null, "no response and no error given", null, null));
        }
        int status = response.path("status_code").asInt(0);
        String requestId = text(response.get("request_id"));
        JsonNode body = response.get("body");
        boolean hasBody = body != null && !body.isNull();
        if (status >= 200 && status < 300 && hasBody && topError == null) {
            return new BatchResult.Succeeded(customId, lineId, status, requestId, body);
        }
        ApiError bodyError = hasBody ? error(body.get("error")) : null;
        ApiError cause = bodyError != null ? bodyError : topError != null ? topError
                : new ApiError(null, "status " + status + " without an error object", null, null);
        return new BatchResult.Failed(customId, lineId, status, requestId, cause, hasBody ? body : null);
    }

    private static @Nullable ApiError error(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isString()) {
            return new ApiError(null, node.asString(), null, null); // vLLM: "error": "message"
        }
        if (!node.isObject()) {
            return new ApiError(null, node.toString(), null, null);
        }
        return new ApiError(text(node.get("code")), text(node.get("message")), text(node.get("type")),
                text(node.get("param")));
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isString() ? node.asString() : node.toString();
    }
}
