package io.batchflux.cli;

import io.batchflux.BatchRequest;
import io.batchflux.NoRequestsException;
import io.batchflux.SubmitOptions;
import io.batchflux.jsonl.EncodableRequests;
import io.batchflux.jsonl.EncodeLimitException;
import io.batchflux.jsonl.LineEncoder;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/** The requests of {@code -requests} or {@code -file} (spec or native JSONL), for {@code create} and {@code run}. */
final class RequestSource {
    /** The {@code -file} names of standard input: {@code -}, and those of descriptor 0. */
    private static final Set<String> STANDARD_INPUT_NAMES = Set.of("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0");

    private RequestSource() {}

    /**
     * The requests the flags name (the flags and the file's existence checked here, the requests as they are
     * read: an invalid one aborts the upload it is streaming into, so nothing is stored).
     *
     * @throws UsageException when neither or both inputs are given, or the file does not exist or is a directory
     */
    static Flux<BatchRequest> from(CliOptions options, Action action) {
        requireNonBlank(options.model, "-model");
        requireNonBlank(options.endpoint, "--endpoint");
        requirePositiveLimits(options);
        boolean inline = !options.requests.isBlank();
        boolean file = !options.file.isBlank();
        if (!inline && !file) {
            throw new UsageException("provide -requests or -file for " + action.word());
        }
        if (inline && file) {
            throw new UsageException("provide either -requests or -file for " + action.word() + ", not both");
        }
        if (inline) {
            return RequestSpecParser.create(specOptions(options)).parse(options.requests);
        }
        if (readsOnce(options) && options.jobFile() != null) {
            throw new UsageException("--job needs a request file that can be read twice (a job's input is validated"
                    + " before its first batch); " + describeReadOnce(options) + " is read once");
        }
        SpecOptions spec = specOptions(options);
        if (isStandardInput(options)) {
            return RequestSpecParser.create(spec).parse(StandardInput.chunks());
        }
        Path path = Path.of(options.file);
        if (Files.isDirectory(path)) {
            throw new UsageException("-file " + path + " is a directory, not a request file");
        }
        if (!Files.exists(path)) {
            throw new UsageException("request file not found: " + path);
        }
        return RequestSpecParser.create(spec).parse(path);
    }

    /**
     * Whether {@code -file} is read once, as it streams: standard input or a pipe or device (e.g. {@code
     * <(zcat requests.txt.gz)}). Such an input goes into one batch; it cannot become a job, whose input is read
     * twice. False for a file that does not exist (which {@link #from} reports).
     */
    static boolean readsOnce(CliOptions options) {
        if (options.file.isBlank()) {
            return false;
        }
        if (isStandardInput(options)) {
            return true;
        }
        Path path = Path.of(options.file);
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
    }

    /**
     * {@code -} and the names of descriptor 0: read from this process's standard input where it stands (a shell
     * may have read part of it), not by reopening a path, which rereads a redirected file from its start on Linux.
     */
    private static boolean isStandardInput(CliOptions options) {
        return STANDARD_INPUT_NAMES.contains(options.file.trim());
    }

    private static String describeReadOnce(CliOptions options) {
        return isStandardInput(options) ? "standard input" : options.file + " (not a regular file)";
    }

    /**
     * The requests, parsed to the end once before the upload, and how many there are: a spec error then aborts
     * with its position before any byte is sent (so no batch of a job is created before it), and the count
     * decides whether the input needs several batches. Inline specs are small; files are re-read, never held.
     */
    static Counted counted(CliOptions options, Action action) {
        Flux<BatchRequest> requests = from(options, action);
        // the parser's own flux counts without building a request per line; either way, a request too large for
        // any batch is found here, before the job's first batch is created
        Long count = (requests instanceof EncodableRequests parsed ? parsed.validateAndCount(options.maxBytes)
                : Flux.defer(() -> {
                    LineEncoder lines = new LineEncoder();
                    return requests.doOnNext(r -> EncodeLimitException.requireLineFits(r.customId(),
                            lines.lineBytes(r), options.maxBytes));
                }).count()).block();
        if (count == null || count == 0) {
            throw new NoRequestsException();
        }
        return new Counted(requests, count);
    }

    /**
     * Whether to read the input once, straight into one batch's upload, before anything else: with
     * {@code --no-shard}, or when no job file is named and the input {@link #likelyOneBatch probably fits}. An
     * invalid request aborts that upload before its end, so the server stores nothing.
     */
    static boolean readOnceFirst(CliOptions options) {
        return options.noShard || readsOnce(options) || (options.jobFile() == null && likelyOneBatch(options));
    }

    /**
     * Whether {@code failure} of that one-batch attempt means the input is larger than one batch and, sharding
     * allowed, becomes a job: its upload was aborted before its end, and the input is validated to its end before
     * any batch of the job is created. Not when one request alone is too large: no job could take it either.
     *
     * @throws UsageException when the input would need a job but is read once (standard input, a pipe)
     */
    static boolean needsJob(CliOptions options, RuntimeException failure) {
        boolean splittable = Exceptions.unwrap(failure) instanceof EncodeLimitException tooLarge
                && tooLarge.fitsSeveralBatches();
        if (splittable && !options.noShard && readsOnce(options)) {
            // nothing was stored: the upload was aborted before its end
            EncodeLimitException tooLarge = (EncodeLimitException) Exceptions.unwrap(failure);
            long max = "maxRequests".equals(tooLarge.limit()) ? options.maxRequests : options.maxBytes;
            throw new UsageException(describeReadOnce(options) + " holds more than one batch (" + tooLarge.limit()
                    + " " + max + " exceeded at request custom_id \"" + tooLarge.customId() + "\"), and it is read"
                    + " once, so create and run cannot split it into several: save it to a file and give that with"
                    + " -file");
        }
        return splittable && !options.noShard;
    }

    /**
     * Whether the input probably fits one batch, so reading it once straight into an upload is worth trying: an
     * inline spec, or a file no larger than one batch may be (a larger file's JSONL is larger still: the JSON
     * around each request outweighs the spec's delimiters). A file just under the limit may still turn out too
     * large; it is then read again, as every larger one is.
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

    /** The submit options of the flags; their limits were checked by {@link #from}, which every caller ran first. */
    static SubmitOptions submitOptions(CliOptions options) {
        try {
            return SubmitOptions.defaults().withEndpoint(options.endpoint)
                    .withLimits(options.maxRequests, options.maxBytes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint " + options.endpoint + ": " + e.getMessage());
        }
    }

    /** Checked before anything is read: a job would otherwise read the whole file first. */
    private static void requirePositiveLimits(CliOptions options) {
        if (options.maxRequests <= 0) {
            throw new UsageException("--max-requests must be a positive number, got " + options.maxRequests);
        }
        if (options.maxBytes <= 0) {
            throw new UsageException("--max-bytes must be a positive number, got " + options.maxBytes);
        }
        if (options.maxRequestBytes <= 0) {
            throw new UsageException("--max-request-bytes must be a positive number, got " + options.maxRequestBytes);
        }
        if (options.maxRequestBytes > SpecOptions.MAX_REQUEST_BYTES_LIMIT) {
            throw new UsageException("--max-request-bytes must be at most " + SpecOptions.MAX_REQUEST_BYTES_LIMIT
                    + ", got " + options.maxRequestBytes);
        }
    }

    /** How the flags say to read the input: model, endpoint, and the largest single request. */
    private static SpecOptions specOptions(CliOptions options) {
        return SpecOptions.defaults().withModel(options.model).withEndpoint(options.endpoint)
                .withMaxRequestBytes(options.maxRequestBytes);
    }

    private static void requireNonBlank(String value, String flag) {
        if (value.isBlank()) {
            throw new UsageException(flag + " must not be blank");
        }
    }
}
