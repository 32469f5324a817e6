package io.batchflux;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code errors} object of a batch: the validation errors that made it {@code failed}.
 *
 * @param object always {@code "list"} on OpenAI
 * @param data the errors, never null (empty when the server sent none)
 */
public record BatchErrors(@Nullable String object, List<BatchError> data) {
    public BatchErrors {
        data = data == null ? List.of() : List.copyOf(data);
    }
}
