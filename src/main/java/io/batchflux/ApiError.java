package io.batchflux;

import org.jspecify.annotations.Nullable;

/**
 * An error object as it appears in result lines: {@code response.body.error} of an HTTP failure, or the
 * top-level {@code error} of a request that was not executed. vLLM's bare-string errors become an
 * {@code ApiError} with only a message.
 */
public record ApiError(@Nullable String code, @Nullable String message, @Nullable String type,
        @Nullable String param) {

    /** {@code code: message}, or whichever of the two exists. */
    public String describe() {
        if (code != null && message != null) {
            return code + ": " + message;
        }
        return code != null ? code : message != null ? message : "(no error details)";
    }
}
