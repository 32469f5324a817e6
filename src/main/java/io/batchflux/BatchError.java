package io.batchflux;

import org.jspecify.annotations.Nullable;

/**
 * One validation error of a batch (an entry of {@code errors.data}), such as {@code invalid_json_line}.
 *
 * @param code machine-readable code, e.g. {@code duplicate_custom_id}
 * @param message human-readable explanation
 * @param param the offending parameter, when the server names one
 * @param line the 1-based line of the input file, when the error concerns one line
 */
public record BatchError(
        @Nullable String code, @Nullable String message, @Nullable String param, @Nullable Long line) {}
