package io.batchflux;

import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import java.nio.file.Path;
import reactor.core.publisher.Flux;

/**
 * Request sources: the spec format of the original example ({@code role: msg || role: msg /// role: msg}) and
 * native OpenAI batch JSONL (detected by a leading {@code {}), parsed incrementally into a cold
 * {@code Flux<BatchRequest>} that emits each request as soon as it is read and errors with
 * {@link RequestSpecException} (naming request, message, line and byte offset) at the first invalid one.
 */
public final class BatchRequests {
    private BatchRequests() {}

    /** Requests of an inline spec (or JSONL text); {@code model} fills every body without one. */
    public static Flux<BatchRequest> fromSpec(String spec, String model) {
        return RequestSpecParser.create(SpecOptions.defaults().withModel(model)).parse(spec);
    }

    /** Requests of a spec or JSONL file, read in 256 KiB chunks off the event loop, never held whole. */
    public static Flux<BatchRequest> fromFile(Path file, String model) {
        return RequestSpecParser.create(SpecOptions.defaults().withModel(model)).parse(file);
    }

    /** As {@link #fromFile(Path, String)} for another endpoint, e.g. {@code /v1/embeddings} JSONL. */
    public static Flux<BatchRequest> fromFile(Path file, String model, String endpoint) {
        return RequestSpecParser.create(SpecOptions.defaults().withModel(model).withEndpoint(endpoint)).parse(file);
    }
}
