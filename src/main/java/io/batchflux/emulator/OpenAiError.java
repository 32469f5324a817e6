package io.batchflux.emulator;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An HTTP error answer in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, thrown by the
 * route handlers and rendered by {@link EmulatorRoutes}. The static factories hold OpenAI's wording.
 */
final class OpenAiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final @Nullable String param;
    private final @Nullable String code;
    /** Sent as {@code x-should-retry} when set: a conflict that no retry resolves says so. */
    private @Nullable Boolean shouldRetry;

    OpenAiError(int status, String message, String type, @Nullable String param, @Nullable String code) {
        // no stack trace: these are answers, not bugs
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static OpenAiError invalid(@Nullable String param, String message) {
        return new OpenAiError(400, message, "invalid_request_error", param, "invalid_value");
    }

    static OpenAiError missing(String param) {
        return new OpenAiError(400, "Missing required parameter: '" + param + "'.", "invalid_request_error", param,
                "missing_required_parameter");
    }

    static OpenAiError noSuchFile(String id) {
        return new OpenAiError(404, "No such File object: " + id, "invalid_request_error", "id", null);
    }

    static OpenAiError noSuchBatch(String id) {
        return new OpenAiError(404, "No such Batch object: " + id, "invalid_request_error", "id", null);
    }

    static OpenAiError unauthorized(boolean keyPresent) {
        // never echo the key, not even masked: a test log must not leak it
        String message = keyPresent
                ? "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys."
                : "You didn't provide an API key. You need to provide your API key in an Authorization header using "
                        + "Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
        return new OpenAiError(401, message, "invalid_request_error", null, "invalid_api_key");
    }

    static OpenAiError invalidUrl(String method, String path) {
        return new OpenAiError(404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null);
    }

    static OpenAiError methodNotAllowed(String method, String path) {
        return new OpenAiError(405, "Method not allowed: " + method + " " + path, "invalid_request_error", null, null);
    }

    static OpenAiError rateLimited() {
        return new OpenAiError(429, "Rate limit reached for requests (emulated). Please try again later.",
                "requests", null, "rate_limit_exceeded");
    }

    static OpenAiError serverError() {
        return new OpenAiError(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null, null);
    }

    /** A batch that has left the statuses a cancel applies to: 409, and no retry will change that. */
    static OpenAiError notCancellable(String status) {
        OpenAiError error = new OpenAiError(409, "Cannot cancel a batch with status '" + status
                + "': only validating or in_progress batches can be cancelled.", "invalid_request_error", null, null);
        error.shouldRetry = false;
        return error;
    }

    int status() {
        return status;
    }

    @Nullable Boolean shouldRetry() {
        return shouldRetry;
    }

    ObjectNode toJson() {
        ObjectNode root = EmulatorJson.object();
        ObjectNode error = root.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        EmulatorJson.putNullable(error, "param", param);
        EmulatorJson.putNullable(error, "code", code);
        return root;
    }
}
