package io.batchflux.http;

import io.batchflux.BatchApiException;
import io.batchflux.json.WireJson;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns an error answer into a {@link BatchApiException}: OpenAI's {@code {"error":{message,type,param,code}}}
 * body when there is one (vLLM and proxies sometimes send a bare string or HTML: their text is kept, cut to a
 * readable length), the {@code x-request-id}, and the retry hints.
 */
public final class ApiErrorDecoder {
    private static final int MAX_TEXT = 300;

    private ApiErrorDecoder() {}

    public static BatchApiException decode(int status, HttpHeaders headers, byte[] body, String call) {
        String type = null;
        String code = null;
        String param = null;
        String message = null;
        JsonNode error = parseError(body);
        if (error != null && error.isObject()) {
            type = text(error.get("type"));
            code = text(error.get("code"));
            param = text(error.get("param"));
            message = text(error.get("message"));
        } else if (error != null && error.isString()) {
            message = error.asString();
        } else if (body.length > 0) {
            message = cut(new String(body, StandardCharsets.UTF_8).strip());
        }
        return new BatchApiException(status, type, code, param, message, headers.get("x-request-id"), call,
                retryAfter(headers), shouldRetry(headers));
    }

    private static @Nullable JsonNode parseError(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode root = WireJson.mapper().readTree(body);
            if (root != null && root.has("error")) {
                return root.get("error");
            }
            if (root != null && root.has("message")) {
                return root; // some proxies send the error object unwrapped
            }
            return null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isString() ? node.asString() : node.toString();
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }

    /** {@code retry-after-ms} (milliseconds), else {@code Retry-After} as seconds or an HTTP date. */
    static @Nullable Duration retryAfter(HttpHeaders headers) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String after = headers.get("retry-after");
        if (after == null) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(after.trim()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(after.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    private static @Nullable Boolean shouldRetry(HttpHeaders headers) {
        String v = headers.get("x-should-retry");
        if ("true".equalsIgnoreCase(v)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(v)) {
            return Boolean.FALSE;
        }
        return null;
    }
}
