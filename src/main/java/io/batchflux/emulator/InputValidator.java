package io.batchflux.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a whole batch input file before anything executes, as OpenAI does: every line a JSON object with a
 * string {@code custom_id} (unique), {@code method} {@code POST}, {@code url} equal to the batch endpoint and an
 * object {@code body} naming one {@code model} for the whole file, no {@code stream: true}, at least one and at
 * most {@code maxRequests} requests. Reads line by line; memory grows only with the set of custom ids.
 */
final class InputValidator {

    /** OpenAI lists at most this many errors; the rest would only repeat the lesson. */
    static final int MAX_ERRORS = 100;

    /** The verdict: a model and request count when {@code errors} is empty. */
    record Result(List<ObjectNode> errors, @Nullable String model, long requestCount) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    private final int maxRequests;

    InputValidator(int maxRequests) {
        this.maxRequests = maxRequests;
    }

    Result validate(Path input, String endpoint) throws IOException {
        List<ObjectNode> errors = new ArrayList<>();
        Set<String> customIds = new HashSet<>();
        String model = null;
        long requests = 0;
        int pendingBlankLine = 0;
        try (InputLineReader reader = new InputLineReader(input)) {
            byte[] line;
            while ((line = reader.next()) != null) {
                int number = reader.lineNumber();
                if (InputLineReader.isBlank(line)) {
                    // blank lines are fine at the end of the file only
                    pendingBlankLine = pendingBlankLine == 0 ? number : pendingBlankLine;
                    continue;
                }
                if (pendingBlankLine != 0) {
                    add(errors, "invalid_json_line", "Line " + pendingBlankLine + " is blank; every line before the "
                            + "last request must hold a JSON object.", null, pendingBlankLine);
                    pendingBlankLine = 0;
                }
                requests++;
                String lineModel = checkLine(line, number, endpoint, customIds, errors);
                if (lineModel != null) {
                    if (model == null) {
                        model = lineModel;
                    } else if (!model.equals(lineModel)) {
                        add(errors, "model_mismatch", "The model '" + lineModel + "' on line " + number
                                + " differs from '" + model + "' used before: a batch uses one model.", "body.model", number);
                    }
                }
            }
        }
        if (requests == 0) {
            add(errors, "empty_file", "The input file is empty: it holds no requests.", null, null);
        } else if (requests > maxRequests) {
            add(errors, "too_many_tasks", "The input file holds " + requests + " requests; the limit is "
                    + maxRequests + " per batch.", null, null);
        }
        return new Result(errors, model, requests);
    }

    /** Checks one line and returns its model, or null when the line has none or is invalid. */
    private @Nullable String checkLine(byte[] line, int number, String endpoint, Set<String> customIds,
            List<ObjectNode> errors) {
        JsonNode node;
        try {
            node = EmulatorJson.MAPPER.readTree(line);
        } catch (JacksonException e) {
            add(errors, "invalid_json_line", "Line " + number + " is not valid JSON.", null, number);
            return null;
        }
        if (node == null || !node.isObject()) {
            add(errors, "invalid_json_line", "Line " + number + " is not a JSON object.", null, number);
            return null;
        }
        JsonNode customId = node.get("custom_id");
        if (customId == null || !customId.isString()) {
            add(errors, "missing_required_parameter", "Line " + number + " has no string 'custom_id'.", "custom_id", number);
        } else if (!customIds.add(customId.asString())) {
            add(errors, "duplicate_custom_id", "The custom_id '" + customId.asString() + "' on line " + number
                    + " is not unique.", "custom_id", number);
        }
        JsonNode method = node.get("method");
        if (method == null || !method.isString()) {
            add(errors, "missing_required_parameter", "Line " + number + " has no 'method'.", "method", number);
        } else if (!method.asString().equals("POST")) {
            add(errors, "invalid_method", "Line " + number + " uses method '" + method.asString()
                    + "'; only POST is supported.", "method", number);
        }
        JsonNode url = node.get("url");
        if (url == null || !url.isString()) {
            add(errors, "missing_required_parameter", "Line " + number + " has no 'url'.", "url", number);
        } else if (!url.asString().equals(endpoint)) {
            add(errors, "url_mismatch", "The url '" + url.asString() + "' on line " + number
                    + " does not match the batch endpoint '" + endpoint + "'.", "url", number);
        }
        JsonNode body = node.get("body");
        if (body == null || !body.isObject()) {
            add(errors, "missing_required_parameter", "Line " + number + " has no object 'body'.", "body", number);
            return null;
        }
        JsonNode stream = body.get("stream");
        if (stream != null && stream.isBoolean() && stream.asBoolean()) {
            add(errors, "invalid_request", "Line " + number + " sets 'stream': true; batches cannot stream.",
                    "body.stream", number);
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isString()) {
            add(errors, "missing_required_parameter", "Line " + number + " has no string 'body.model'.", "body.model", number);
            return null;
        }
        return model.asString();
    }

    private static void add(List<ObjectNode> errors, String code, String message, @Nullable String param,
            @Nullable Integer line) {
        if (errors.size() >= MAX_ERRORS) {
            return;
        }
        ObjectNode error = EmulatorJson.object();
        error.put("code", code);
        error.put("message", message);
        EmulatorJson.putNullable(error, "param", param);
        if (line == null) {
            error.putNull("line");
        } else {
            error.put("line", line.intValue());
        }
        errors.add(error);
    }
}
