package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import io.batchflux.json.JsonErrors;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns the lines of a native batch input file into {@link BatchRequest}s, checking what the Batch API would
 * reject during validation: each line a JSON object with a non-empty string {@code custom_id} unique in the file,
 * {@code method} {@code POST}, {@code url} equal to the batch endpoint, an object {@code body} without
 * {@code stream: true}, and one model per file (a body without {@code model} gets the default model).
 *
 * <p>Stateful (it remembers the ids seen, the only state that grows with the input, and the file's model): one
 * instance per subscription, fed lines in order. Not thread-safe.
 */
public final class JsonlLineDecoder {
    private final String defaultModel;
    private final String endpoint;
    private final Map<String, Long> firstLineOfId = new HashMap<>();
    private @Nullable String fileModel;
    private long fileModelLine;

    /**
     * @param defaultModel the model given to bodies without one
     * @param endpoint the batch endpoint every line's {@code url} must equal, e.g. {@code /v1/chat/completions}
     */
    public JsonlLineDecoder(String defaultModel, String endpoint) {
        this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * The request on {@code line}, or null when the line is blank.
     *
     * @throws RequestSpecException naming the line and its byte offset when the line is invalid
     */
    public @Nullable BatchRequest decode(Line line) {
        if (line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JsonlMapper.mapper().readTree(line.bytes());
        } catch (JacksonException e) {
            throw invalid(line, "invalid JSON: " + JsonErrors.brief(e));
        }
        if (node == null || !node.isObject()) {
            throw invalid(line, "expected a JSON object, found " + describe(node));
        }
        String customId = requireString(line, node, "custom_id");
        if (customId.isEmpty()) {
            throw invalid(line, "custom_id must not be empty");
        }
        String method = requireString(line, node, "method");
        if (!method.equals("POST")) {
            throw invalid(line, "method must be \"POST\", found \"" + method + "\"");
        }
        String url = requireString(line, node, "url");
        if (!url.equals(endpoint)) {
            throw invalid(line, "url \"" + url + "\" does not match the batch endpoint \"" + endpoint + "\"");
        }
        JsonNode body = node.get("body");
        if (body == null || !body.isObject()) {
            throw invalid(line, "body must be a JSON object, found " + describe(body));
        }
        checkModel(line, body);
        JsonNode stream = body.get("stream");
        if (stream != null && stream.isBoolean() && stream.asBoolean()) {
            throw invalid(line, "body.stream true is not supported in a batch");
        }
        Long firstLine = firstLineOfId.putIfAbsent(customId, line.number());
        if (firstLine != null) {
            throw invalid(line, "duplicate custom_id \"" + customId + "\" (first seen on line " + firstLine + ")");
        }
        return new BatchRequest(customId, method, url, body).withDefaultModel(defaultModel);
    }

    /** The JSONL input error for a line over the size limit. */
    public static RequestSpecException lineTooLong(LineTooLongException e) {
        return RequestSpecException.inJsonl(e.lineNumber(), e.byteOffset(),
                "line is longer than the limit of " + e.maxLineBytes() + " bytes");
    }

    private void checkModel(Line line, JsonNode body) {
        JsonNode model = body.get("model");
        if (model != null && !model.isString()) {
            throw invalid(line, "body.model must be a string, found " + describe(model));
        }
        String effective = model != null ? model.asString() : defaultModel;
        if (fileModel == null) {
            fileModel = effective;
            fileModelLine = line.number();
        } else if (!fileModel.equals(effective)) {
            throw invalid(line, "model \"" + effective + "\" differs from \"" + fileModel + "\" used on line "
                    + fileModelLine + " (a batch file takes one model)");
        }
    }

    private static String requireString(Line line, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw invalid(line, field + " must be a string, found " + describe(value));
        }
        return value.asString();
    }

    private static String describe(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static RequestSpecException invalid(Line line, String reason) {
        return RequestSpecException.inJsonl(line.number(), line.byteOffset(), reason);
    }
}
