package io.batchflux.emulator;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated {@code POST /batches} body. {@link #parse} answers every invalid field with OpenAI's 400 error,
 * naming the field in {@code param}.
 *
 * @param completionWindow as sent, e.g. {@code 24h}
 * @param window the completion window as a duration
 * @param metadata the metadata exactly as given, or null
 * @param outputExpiresAfterSeconds lifetime of the result files, or null for OpenAI's default (none)
 */
record CreateBatchCommand(StoredFile inputFile, String endpoint, String completionWindow, Duration window,
        @Nullable ObjectNode metadata, @Nullable Long outputExpiresAfterSeconds) {

    private static final Pattern WINDOW = Pattern.compile("^(\\d{1,6})([hd])$");
    private static final Duration MAX_WINDOW = Duration.ofDays(365);

    static CreateBatchCommand parse(byte[] body, FileStore files) {
        JsonNode root;
        try {
            root = EmulatorJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new OpenAiError(400, "We could not parse the JSON body of your request. (HINT: This likely means you "
                    + "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
                    "invalid_request_error", null, null);
        }
        if (root == null || !root.isObject()) {
            throw OpenAiError.invalid(null, "The request body must be a JSON object.");
        }
        String inputFileId = requiredString(root, "input_file_id");
        String endpoint = requiredString(root, "endpoint");
        String completionWindow = requiredString(root, "completion_window");
        if (!EchoResponder.supports(endpoint)) {
            throw OpenAiError.invalid("endpoint", "Invalid value: '" + endpoint + "'. The emulator serves "
                    + EchoResponder.ENDPOINTS + ".");
        }
        Matcher m = WINDOW.matcher(completionWindow);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw OpenAiError.invalid("completion_window", "Invalid value: '" + completionWindow
                    + "'. Supported values are: '24h' (and, for other backends, any 'Nh' or 'Nd').");
        }
        long amount = Long.parseLong(m.group(1));
        Duration window = m.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
        if (window.compareTo(MAX_WINDOW) > 0) {
            // and the deadline, in nanoseconds from now, stays a long
            throw OpenAiError.invalid("completion_window", "Invalid value: '" + completionWindow
                    + "'. A completion window is at most 365d.");
        }
        StoredFile input = files.get(inputFileId);
        if (input == null) {
            throw OpenAiError.invalid("input_file_id", "No such File object: " + inputFileId
                    + ". Upload the input with purpose 'batch' first.");
        }
        if (!input.purpose().equals("batch")) {
            throw OpenAiError.invalid("input_file_id", "File " + inputFileId + " has purpose '" + input.purpose()
                    + "'; a batch input file needs purpose 'batch'.");
        }
        return new CreateBatchCommand(input, endpoint, completionWindow, window, metadata(root.get("metadata")),
                outputExpiresAfter(root.get("output_expires_after")));
    }

    private static String requiredString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw OpenAiError.missing(field);
        }
        if (!node.isString() || node.asString().isEmpty()) {
            throw OpenAiError.invalid(field, "Invalid type for '" + field + "': expected a non-empty string.");
        }
        return node.asString();
    }

    private static @Nullable ObjectNode metadata(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw OpenAiError.invalid("metadata", "Invalid type for 'metadata': expected an object of strings.");
        }
        if (node.size() > 16) {
            throw OpenAiError.invalid("metadata", "Invalid 'metadata': too many properties. Expected at most 16, got "
                    + node.size() + ".");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.properties().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().length() > 64) {
                throw OpenAiError.invalid("metadata", "Invalid 'metadata': key '" + entry.getKey()
                        + "' is longer than 64 characters.");
            }
            if (!entry.getValue().isString()) {
                throw OpenAiError.invalid("metadata", "Invalid 'metadata': the value of '" + entry.getKey()
                        + "' must be a string.");
            }
            if (entry.getValue().asString().length() > 512) {
                throw OpenAiError.invalid("metadata", "Invalid 'metadata': the value of '" + entry.getKey()
                        + "' is longer than 512 characters.");
            }
        }
        return ((ObjectNode) node).deepCopy();
    }

    private static @Nullable Long outputExpiresAfter(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode anchor = node.get("anchor");
        JsonNode seconds = node.get("seconds");
        if (anchor == null || !anchor.isString() || !anchor.asString().equals("created_at")) {
            throw OpenAiError.invalid("output_expires_after.anchor", "Invalid 'output_expires_after.anchor': "
                    + "supported values are: 'created_at'.");
        }
        if (seconds == null || !seconds.canConvertToLong() || !seconds.isIntegralNumber()
                || seconds.asLong() < 3600 || seconds.asLong() > 2_592_000) {
            throw OpenAiError.invalid("output_expires_after.seconds", "Invalid 'output_expires_after.seconds': "
                    + "expected an integer between 3600 and 2592000.");
        }
        return seconds.asLong();
    }
}
