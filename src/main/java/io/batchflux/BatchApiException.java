package io.batchflux;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with an error status. Carries the HTTP status, OpenAI's error object ({@code type},
 * {@code code}, {@code param}, {@code message}), the {@code x-request-id} to quote to support, and the call
 * that failed ({@code GET /batches/batch_abc}).
 */
public class BatchApiException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final @Nullable String type;
    private final @Nullable String code;
    private final @Nullable String param;
    private final @Nullable String serverMessage;
    private final @Nullable String requestId;
    private final String call;
    private final @Nullable Duration retryAfter;
    private final @Nullable Boolean shouldRetry;

    public BatchApiException(int statusCode, @Nullable String type, @Nullable String code, @Nullable String param,
            @Nullable String serverMessage, @Nullable String requestId, String call) {
        this(statusCode, type, code, param, serverMessage, requestId, call, null, null);
    }

    /**
     * With the server's retry hints: {@code retryAfter} from {@code retry-after-ms} / {@code Retry-After},
     * {@code shouldRetry} from {@code x-should-retry}.
     */
    public BatchApiException(int statusCode, @Nullable String type, @Nullable String code, @Nullable String param,
            @Nullable String serverMessage, @Nullable String requestId, String call, @Nullable Duration retryAfter,
            @Nullable Boolean shouldRetry) {
        super(describe(statusCode, type, code, serverMessage, requestId, call));
        this.retryAfter = retryAfter;
        this.shouldRetry = shouldRetry;
        this.statusCode = statusCode;
        this.type = type;
        this.code = code;
        this.param = param;
        this.serverMessage = serverMessage;
        this.requestId = requestId;
        this.call = call;
    }

    /** The HTTP status code, e.g. 404. */
    public int statusCode() {
        return statusCode;
    }

    /** OpenAI's error {@code type}, e.g. {@code invalid_request_error}. */
    public @Nullable String type() {
        return type;
    }

    /** OpenAI's error {@code code}, e.g. {@code insufficient_quota}. */
    public @Nullable String code() {
        return code;
    }

    /** The parameter the server blames, if any. */
    public @Nullable String param() {
        return param;
    }

    /** The server's own message, as sent. */
    public @Nullable String serverMessage() {
        return serverMessage;
    }

    /** The {@code x-request-id} response header, if the server sent one. */
    public @Nullable String requestId() {
        return requestId;
    }

    /** The failed call, method and path: {@code POST /files}. */
    public String call() {
        return call;
    }

    /** How long the server asked to wait before retrying, if it said. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** The server's {@code x-should-retry} verdict, if it gave one. */
    public @Nullable Boolean shouldRetry() {
        return shouldRetry;
    }

    /** 401 or 403: the key is missing, wrong or lacks permission. */
    public boolean isAuthenticationError() {
        return statusCode == 401 || statusCode == 403;
    }

    /** 404: the batch or file does not exist (or belongs to another project). */
    public boolean isNotFound() {
        return statusCode == 404;
    }

    /** 429: rate-limited, or out of quota (see {@link #isQuotaExhausted()}). */
    public boolean isRateLimited() {
        return statusCode == 429;
    }

    /** 429 with code {@code insufficient_quota}: retrying will not help. */
    public boolean isQuotaExhausted() {
        return statusCode == 429 && "insufficient_quota".equals(code);
    }

    private static String describe(int status, @Nullable String type, @Nullable String code,
            @Nullable String message, @Nullable String requestId, String call) {
        StringBuilder sb = new StringBuilder();
        sb.append(call).append(" failed with HTTP ").append(status);
        if (message != null && !message.isBlank()) {
            sb.append(": ").append(message);
        }
        if (type != null || code != null) {
            sb.append(" (");
            if (type != null) {
                sb.append("type=").append(type);
            }
            if (code != null) {
                sb.append(type != null ? ", " : "").append("code=").append(code);
            }
            sb.append(')');
        }
        if (requestId != null) {
            sb.append(" [request id ").append(requestId).append(']');
        }
        return sb.toString();
    }
}
