package io.batchflux.cli;

import io.batchflux.spec.SpecOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The flags, spelled as the Go original did ({@code -action create}, {@code -action=create}) and with two
 * dashes ({@code --action=create}). {@link #spec()} describes them to picocli, {@link #from} reads a parse;
 * {@link #action()} resolves the action word.
 *
 * <p>The model is built with picocli's programmatic API rather than annotations: reading annotations costs
 * every command ~100 ms of start-up in a fresh JVM (annotation parsing, and a proxy class generated per annotation
 * type, which no class-data archive holds), more than the rest of its argument handling together.
 */
final class CliOptions {
    static final String DEFAULT_MODEL = "gpt-4o-mini";
    static final String DEFAULT_ENDPOINT = "/v1/chat/completions";
    static final int DEFAULT_LIMIT = 5;
    static final int DEFAULT_PORT = 8089;
    static final long DEFAULT_MAX_REQUESTS = 50_000;
    static final long DEFAULT_MAX_BYTES = 209_715_200L;
    /** The names of the flags that print the help or the version and exit. */
    static final String[] HELP_NAMES = {"-h", "-help", "--help"};
    static final String VERSION_NAME = "--version";

    @Nullable String actionWord;
    @Nullable String actionFlag;
    String model = DEFAULT_MODEL;
    String requests = "";
    String file = "";
    String id = "";
    String after = "";
    int limit = DEFAULT_LIMIT;
    boolean json;
    @Nullable Path output;
    String endpoint = DEFAULT_ENDPOINT;
    @Nullable Duration pollInterval;
    @Nullable Duration timeout;
    @Nullable Path job;
    long maxRequests = DEFAULT_MAX_REQUESTS;
    long maxBytes = DEFAULT_MAX_BYTES;
    int maxRequestBytes = SpecOptions.DEFAULT_MAX_REQUEST_BYTES;
    boolean noShard;
    int port = DEFAULT_PORT;
    boolean emulator;
    boolean real;
    boolean verbose;
    boolean help;
    boolean version;

    /** The command's model: its flags, the optional action word, and the usage text around them. */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("batchflux");
        spec.usageMessage().sortOptions(false).showDefaultValues(true).width(110)
                .synopsisHeading("Usage: ")
                .customSynopsis("java -jar batchflux.jar [ACTION] [-action=ACTION] [flags...]")
                .description("", "A client for the OpenAI Batch API. OPENAI_API_KEY (required, never printed) and",
                        "OPENAI_BASE_URL (default https://api.openai.com/v1) come from the environment.")
                .parameterListHeading("%nArguments:%n").optionListHeading("%nFlags:%n");
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("ACTION")
                .type(String.class)
                .description("the action as a first word, instead of -action (e.g. `batchflux.jar demo`)").build());
        spec.addOption(value(String.class, "ACTION", "-action", "--action")
                .description("create|get|cancel|list|watch|results|run|demo|emulator (default: list)").build());
        spec.addOption(value(String.class, "MODEL", "-model", "--model").defaultValue(DEFAULT_MODEL)
                .description("model put into every request body that has none").build());
        spec.addOption(emptyByDefault("SPEC", "-requests", "--requests")
                .description("inline request spec: 'role: msg || role: msg /// role: msg' (create, run)"
                        + " (default: empty)").build());
        spec.addOption(emptyByDefault("PATH", "-file", "--file")
                .description("request spec file or native batch JSONL, - for standard input (create, run) "
                        + "(default: empty)").build());
        spec.addOption(emptyByDefault("ID", "-id", "--id")
                .description("batch id (get, cancel, watch, results) (default: empty)").build());
        spec.addOption(emptyByDefault("ID", "-after", "--after")
                .description("pagination cursor: list batches after this id (list) (default: empty)").build());
        spec.addOption(value(int.class, "N", "-limit", "--limit").defaultValue("" + DEFAULT_LIMIT)
                .description("batches to list, 1..100; 0 or less means 5 (list)").build());
        spec.addOption(flag("--json", "print raw JSON objects, one per line, instead of the emoji text"));
        spec.addOption(value(Path.class, "FILE", "--output")
                .description("JSONL destination of results (results, run, demo) (default: stdout)").build());
        spec.addOption(value(String.class, "PATH", "--endpoint").defaultValue(DEFAULT_ENDPOINT)
                .description("endpoint every request targets (create, run)").build());
        spec.addOption(duration("--poll-interval")
                .description("fixed polling interval, e.g. 2s, 500ms, PT5S (watch, run) "
                        + "(default: 2s growing to 60s; 200ms against an emulator)").build());
        spec.addOption(duration("--timeout")
                .description("give up watching after this long, e.g. 30m (watch, run) (default: none)").build());
        spec.addOption(value(Path.class, "FILE", "--job")
                .description("job file of a sharded submission: create/run save it (and resume from it when it exists"
                        + " but is incomplete); watch/results/cancel read it (-id may name it too)"
                        + " (default: batchflux-job-<first batch id>.json when a submission needs several batches)")
                .build());
        spec.addOption(value(long.class, "N", "--max-requests").defaultValue("" + DEFAULT_MAX_REQUESTS)
                .description("requests per batch; larger inputs are split into several batches (create, run); "
                        + "with the emulator action, its own limit").build());
        spec.addOption(value(long.class, "N", "--max-bytes").defaultValue("" + DEFAULT_MAX_BYTES)
                .description("JSONL bytes per batch (200 MB); larger inputs are split (create, run); "
                        + "with the emulator action, its largest upload").build());
        spec.addOption(value(int.class, "N", "--max-request-bytes").defaultValue("" + SpecOptions.DEFAULT_MAX_REQUEST_BYTES)
                .description("largest single request read from the input, a spec request or a JSONL line, in bytes "
                        + "(1 MiB); raise it for requests with large inlined images or documents (create, run)")
                .build());
        spec.addOption(flag("--no-shard", "create/run: fail instead of splitting an input over several batches"));
        spec.addOption(value(int.class, "PORT", "--port").defaultValue("" + DEFAULT_PORT)
                .description("port of the emulator action").build());
        spec.addOption(flag("--emulator",
                "run the action against a fresh in-process emulator (no key or network needed)"));
        spec.addOption(flag("--real", "demo: use OPENAI_API_KEY/OPENAI_BASE_URL instead of the emulator"));
        spec.addOption(flag("--verbose", "show library and Netty logging (quiet by default)"));
        spec.addOption(OptionSpec.builder(HELP_NAMES).usageHelp(true)
                .description("show this help and exit").build());
        spec.addOption(OptionSpec.builder(VERSION_NAME).versionHelp(true)
                .description("print the version and exit").build());
        return spec;
    }

    /**
     * {@code args} with the flags that {@code spec} knows only by their two-dash name respelled with two dashes:
     * Go's flag package, which the original's users know, takes one dash or two for every flag, and so does this
     * command ({@code -json}, {@code -timeout=5s}), while the help shows each flag once. A flag's value is never
     * touched (in {@code -requests -json} the {@code -json} is the spec), nor is anything after {@code --}.
     */
    static String[] withGoStyleDashes(String[] args, CommandSpec spec) {
        String[] result = args.clone();
        boolean valueNext = false;
        for (int i = 0; i < result.length; i++) {
            String arg = result[i];
            if (valueNext) {
                valueNext = false;
                continue;
            }
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("-") || arg.length() < 2) {
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            OptionSpec option = spec.optionsMap().get(name);
            if (option == null && !name.startsWith("--")) {
                option = spec.optionsMap().get("-" + name);
                if (option != null) {
                    result[i] = "-" + arg;
                }
            }
            valueNext = option != null && equals < 0 && option.arity().min() > 0;
        }
        return result;
    }

    /** The flags of a successful parse of {@link #spec()}, defaults where they were not given. */
    static CliOptions from(ParseResult parsed) {
        CliOptions o = new CliOptions();
        o.actionWord = parsed.matchedPositionalValue(0, null);
        o.actionFlag = parsed.matchedOptionValue("--action", null);
        o.model = parsed.matchedOptionValue("--model", DEFAULT_MODEL);
        o.requests = parsed.matchedOptionValue("--requests", "");
        o.file = parsed.matchedOptionValue("--file", "");
        o.id = parsed.matchedOptionValue("--id", "");
        o.after = parsed.matchedOptionValue("--after", "");
        o.limit = parsed.matchedOptionValue("--limit", DEFAULT_LIMIT);
        o.json = parsed.matchedOptionValue("--json", false);
        o.output = parsed.matchedOptionValue("--output", null);
        o.endpoint = parsed.matchedOptionValue("--endpoint", DEFAULT_ENDPOINT);
        o.pollInterval = parsed.matchedOptionValue("--poll-interval", null);
        o.timeout = parsed.matchedOptionValue("--timeout", null);
        o.job = parsed.matchedOptionValue("--job", null);
        o.maxRequests = parsed.matchedOptionValue("--max-requests", DEFAULT_MAX_REQUESTS);
        o.maxBytes = parsed.matchedOptionValue("--max-bytes", DEFAULT_MAX_BYTES);
        o.maxRequestBytes = parsed.matchedOptionValue("--max-request-bytes", SpecOptions.DEFAULT_MAX_REQUEST_BYTES);
        o.noShard = parsed.matchedOptionValue("--no-shard", false);
        o.port = parsed.matchedOptionValue("--port", DEFAULT_PORT);
        o.emulator = parsed.matchedOptionValue("--emulator", false);
        o.real = parsed.matchedOptionValue("--real", false);
        o.verbose = parsed.matchedOptionValue("--verbose", false);
        o.help = parsed.isUsageHelpRequested();
        o.version = parsed.isVersionHelpRequested();
        return o;
    }

    private static OptionSpec.Builder value(Class<?> type, String label, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label);
    }

    /** A text flag whose empty default the help leaves out. */
    private static OptionSpec.Builder emptyByDefault(String label, String... names) {
        return value(String.class, label, names).defaultValue("").showDefaultValue(Visibility.NEVER);
    }

    private static OptionSpec.Builder duration(String name) {
        return value(Duration.class, "DURATION", name).converters(new DurationConverter());
    }

    /** A boolean flag: given alone it means true; {@code --json=false} is accepted too, as with annotations. */
    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).type(boolean.class).description(description).build();
    }

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

    /**
     * The action word as the user gave it, for a header before a usage error: the one that names no action when
     * there is one, else the {@code -action} flag's.
     */
    String actionAsGiven() {
        if (actionWord != null && Action.find(actionWord).isEmpty()) {
            return actionWord;
        }
        return actionFlag != null ? actionFlag : actionWord != null ? actionWord : Action.LIST.word();
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
