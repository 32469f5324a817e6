package io.batchflux.cli;

import io.batchflux.BatchRequest;
import io.batchflux.BatchRequests;
import io.batchflux.SubmitOptions;
import io.batchflux.jsonl.EncodableRequests;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.core.publisher.Flux;

/** The requests of {@code -requests} or {@code -file} (spec or native JSONL), for {@code create} and {@code run}. */
final class RequestSource {
    private RequestSource() {}

    /**
     * The requests the flags name, checked as far as possible before anything is sent.
     *
     * @throws UsageException when neither or both inputs are given, or the file does not exist
     */
    static Flux<BatchRequest> from(CliOptions options, Action action) {
        boolean inline = !options.requests.isBlank();
        boolean file = !options.file.isBlank();
        if (!inline && !file) {
            throw new UsageException("provide -requests or -file for " + action.word());
        }
        if (inline && file) {
            throw new UsageException("provide either -requests or -file for " + action.word() + ", not both");
        }
        if (inline) {
            return RequestSpecParser.create(SpecOptions.defaults().withModel(options.model)
                    .withEndpoint(options.endpoint)).parse(options.requests);
        }
        Path path = Path.of(options.file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("request file not found: " + path);
        }
        return BatchRequests.fromFile(path, options.model, options.endpoint);
    }

    /**
     * The requests, parsed to the end once before the upload, and how many there are: a spec error then aborts
     * with its position before any byte is sent (so no batch of a job is created before it), and the count
     * decides whether the input needs several batches. Inline specs are small; files are re-read, never held.
     */
    static Counted counted(CliOptions options, Action action) {
        Flux<BatchRequest> requests = from(options, action);
        // the parser's own flux counts without building a request per line
        Long count = (requests instanceof EncodableRequests parsed ? parsed.validateAndCount() : requests.count())
                .block();
        return new Counted(requests, count == null ? 0 : count);
    }

    /**
     * Whether the input probably fits one batch, so reading it once straight into an upload is worth trying: an
     * inline spec, or a file no larger than one batch may be (its JSONL is larger still: the JSON around each
     * request outweighs the spec's delimiters).
     */
    static boolean likelyOneBatch(CliOptions options) {
        if (options.file.isBlank()) {
            return true;
        }
        try {
            return Files.size(Path.of(options.file)) <= options.maxBytes;
        } catch (IOException e) {
            return false; // the regular path reports the file's problem
        }
    }

    /** Requests checked to the end, and their number. */
    record Counted(Flux<BatchRequest> requests, long count) {}

    static SubmitOptions submitOptions(CliOptions options) {
        try {
            return SubmitOptions.defaults().withEndpoint(options.endpoint)
                    .withLimits(options.maxRequests, options.maxBytes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint " + options.endpoint + ": " + e.getMessage());
        }
    }
}
