package io.batchflux.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The flags, spelled as the Go original did ({@code -action create}, {@code -action=create}) and with two
 * dashes ({@code --action=create}). Filled by picocli; {@link #action()} resolves the action word.
 */
@Command(name = "batchflux", sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        synopsisHeading = "Usage: ",
        customSynopsis = "java -jar batchflux.jar [ACTION] [-action=ACTION] [flags...]",
        description = {"", "A client for the OpenAI Batch API. OPENAI_API_KEY (required, never printed) and",
            "OPENAI_BASE_URL (default https://api.openai.com/v1) come from the environment."},
        parameterListHeading = "%nArguments:%n", optionListHeading = "%nFlags:%n")
final class CliOptions {
    static final String DEFAULT_MODEL = "gpt-4o-mini";
    static final String DEFAULT_ENDPOINT = "/v1/chat/completions";
    static final int DEFAULT_LIMIT = 5;
    static final int DEFAULT_PORT = 8089;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = Parameters.NULL_VALUE,
            description = "the action as a first word, instead of -action (e.g. `batchflux.jar demo`)")
    @Nullable String actionWord;

    @Option(names = {"-action", "--action"}, paramLabel = "ACTION",
            description = "create|get|cancel|list|watch|results|run|demo|emulator (default: list)")
    @Nullable String actionFlag;

    @Option(names = {"-model", "--model"}, paramLabel = "MODEL", defaultValue = DEFAULT_MODEL,
            description = "model put into every request body that has none")
    String model = DEFAULT_MODEL;

    @Option(names = {"-requests", "--requests"}, paramLabel = "SPEC", defaultValue = "", showDefaultValue = Visibility.NEVER,
            description = "inline request spec: 'role: msg || role: msg /// role: msg' (create, run) (default: empty)")
    String requests = "";

    @Option(names = {"-file", "--file"}, paramLabel = "PATH", defaultValue = "", showDefaultValue = Visibility.NEVER,
            description = "request spec file or native batch JSONL (create, run) (default: empty)")
    String file = "";

    @Option(names = {"-id", "--id"}, paramLabel = "ID", defaultValue = "", showDefaultValue = Visibility.NEVER,
            description = "batch id (get, cancel, watch, results) (default: empty)")
    String id = "";

    @Option(names = {"-after", "--after"}, paramLabel = "ID", defaultValue = "", showDefaultValue = Visibility.NEVER,
            description = "pagination cursor: list batches after this id (list) (default: empty)")
    String after = "";

    @Option(names = {"-limit", "--limit"}, paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "batches to list, 1..100; 0 or less means 5 (list)")
    int limit = DEFAULT_LIMIT;

    @Option(names = "--json", description = "print raw JSON objects, one per line, instead of the emoji text")
    boolean json;

    @Option(names = "--output", paramLabel = "FILE",
            description = "JSONL destination of results (results, run, demo) (default: stdout)")
    @Nullable Path output;

    @Option(names = "--endpoint", paramLabel = "PATH", defaultValue = DEFAULT_ENDPOINT,
            description = "endpoint every request targets (create, run)")
    String endpoint = DEFAULT_ENDPOINT;

    @Option(names = "--poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "fixed polling interval, e.g. 2s, 500ms, PT5S (watch, run) "
                    + "(default: 2s growing to 60s; 200ms against an emulator)")
    @Nullable Duration pollInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "give up watching after this long, e.g. 30m (watch, run) (default: none)")
    @Nullable Duration timeout;

    @Option(names = "--job", paramLabel = "FILE",
            description = "job file of a sharded submission: create/run save it (and resume from it when it exists"
                    + " but is incomplete); watch/results/cancel read it (-id may name it too)"
                    + " (default: batchflux-job-<first batch id>.json when a submission needs several batches)")
    @Nullable Path job;

    @Option(names = "--max-requests", paramLabel = "N", defaultValue = "50000",
            description = "requests per batch; larger inputs are split into several batches (create, run); "
                    + "with the emulator action, its own limit")
    long maxRequests = 50_000;

    @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "209715200",
            description = "JSONL bytes per batch (200 MB); larger inputs are split (create, run); "
                    + "with the emulator action, its largest upload")
    long maxBytes = 209_715_200L;

    @Option(names = "--no-shard",
            description = "create/run: fail instead of splitting an input over several batches")
    boolean noShard;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT, description = "port of the emulator action")
    int port = DEFAULT_PORT;

    @Option(names = "--emulator",
            description = "run the action against a fresh in-process emulator (no key or network needed)")
    boolean emulator;

    @Option(names = "--real", description = "demo: use OPENAI_API_KEY/OPENAI_BASE_URL instead of the emulator")
    boolean real;

    @Option(names = "--verbose", description = "show library and Netty logging (quiet by default)")
    boolean verbose;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "print the version and exit")
    boolean version;

    /** The action of the first word or {@code -action}, {@code list} when neither is given. */
    Action action() {
        Action fromWord = actionWord == null ? null : Action.parse(actionWord);
        Action fromFlag = actionFlag == null ? null : Action.parse(actionFlag);
        if (fromWord != null && fromFlag != null && fromWord != fromFlag) {
            throw new UsageException("two actions given: '" + actionWord + "' and -action " + actionFlag
                    + "; give one");
        }
        return fromWord != null ? fromWord : fromFlag != null ? fromFlag : Action.LIST;
    }

    /** {@code -limit} as the original read it (0 or less: 5), rejecting more than the API's 100. */
    int effectiveLimit() {
        if (limit <= 0) {
            return DEFAULT_LIMIT;
        }
        if (limit > 100) {
            throw new UsageException("-limit must be between 1 and 100, got " + limit);
        }
        return limit;
    }

    /**
     * The job file named by {@code --job}, or by {@code -id} when it names an existing file (batch ids never
     * do); null when the action addresses a single batch.
     */
    @Nullable Path jobFile() {
        if (job != null) {
            return job;
        }
        String value = id.trim();
        if (!value.isEmpty() && (value.endsWith(".json") || value.contains("/"))
                && java.nio.file.Files.isRegularFile(Path.of(value))) {
            return Path.of(value);
        }
        return null;
    }

    /** The {@code -id} value, or a usage error naming the action that needs it. */
    String requireId(Action action) {
        if (id.isBlank()) {
            throw new UsageException("id is required for " + action.word());
        }
        return id.trim();
    }
}
