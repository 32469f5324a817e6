package io.batchflux.cli;

import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.PollingOptions;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One invocation's world: the parsed flags, the output streams, the environment, and the client (and the
 * in-process emulator behind it, with {@code --emulator} or {@code demo}), both created on first use and closed
 * with the session. Knows every secret it handed out, so errors can be scrubbed of them.
 */
final class Session implements AutoCloseable {
    /** Shorter keys are starred only as whole tokens by {@link #redact}: real API keys are dozens of characters. */
    static final int MIN_SECRET_LENGTH = 8;
    private static final Duration EMULATOR_POLL = Duration.ofMillis(200);

    final CliOptions options;
    final Action action;
    final PrintStream out;
    final PrintStream err;
    final boolean interactive;
    private final PrintStream human;
    private final Function<String, @Nullable String> env;
    private @Nullable EmulatorOptions emulatorOptions;
    private @Nullable BatchEmulator emulator;
    private @Nullable BatchClient client;
    private @Nullable String emulatorKey;

    Session(CliOptions options, Action action, Function<String, @Nullable String> env, PrintStream out,
            PrintStream err, boolean interactive) {
        this.options = options;
        this.action = action;
        this.env = env;
        this.out = out;
        this.err = err;
        this.interactive = interactive && !options.json;
        boolean resultsOnStdout = (action == Action.RESULTS || action == Action.RUN) && options.output == null;
        this.human = options.json ? new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)
                : resultsOnStdout ? err : out;
        // the emulator's defaults are quick: batches finish in well under a second
        this.emulatorOptions = options.emulator ? EmulatorOptions.defaults() : null;
    }

    /**
     * Where the emoji text goes: stdout, unless stdout carries JSONL results ({@code results}/{@code run} without
     * {@code --output}), then stderr; nowhere with {@code --json}, whose output is only JSON.
     */
    PrintStream human() {
        return human;
    }

    /** Makes the client talk to a fresh in-process emulator with these timings (before the first call). */
    void useEmulator(EmulatorOptions timings) {
        if (client != null) {
            throw new IllegalStateException("the client already exists");
        }
        this.emulatorOptions = timings;
    }

    boolean usesEmulator() {
        return emulatorOptions != null;
    }

    /**
     * The client: to the emulator when asked for, otherwise from {@code OPENAI_API_KEY}/{@code OPENAI_BASE_URL}.
     *
     * @throws UsageException when no key is set or the base URL is malformed
     */
    BatchClient client() {
        if (client == null) {
            client = BatchClient.create(clientOptions());
        }
        return client;
    }

    /** The emulator behind the client, started if needed; null when the session talks to a real server. */
    @Nullable BatchEmulator emulator() {
        client();
        return emulator;
    }

    private BatchClientOptions clientOptions() {
        if (emulatorOptions != null) {
            // A random key per run: the emulator checks it like OpenAI would, and it never matters to the user.
            emulatorKey = "sk-emulator-" + UUID.randomUUID();
            InterruptNote.silence(); // what this command makes ends with the process
            emulator = BatchEmulator.start(emulatorOptions.withApiKey(emulatorKey).withPort(0));
            return BatchClientOptions.builder().baseUrl(emulator.baseUrl()).apiKey(emulatorKey).build();
        }
        BatchClientOptions fromEnv;
        try {
            fromEnv = BatchClientOptions.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new UsageException("OPENAI_BASE_URL is invalid: " + e.getMessage());
        }
        if (fromEnv.apiKey() == null) {
            throw new UsageException("OPENAI_API_KEY is not set: export OPENAI_API_KEY=sk-... "
                    + "(the demo action and --emulator need no key)");
        }
        if (fromEnv.isInsecureRemote()) {
            err.println(ErrorReporter.warningLine(fromEnv.baseUrl() + " is plain http to a remote host: the API key "
                    + "travels unencrypted; use https"));
        }
        return fromEnv;
    }

    /** How to poll: {@code --poll-interval} as a fixed cadence, quick against an emulator, else the defaults. */
    PollingOptions polling() {
        PollingOptions polling = options.pollInterval != null ? PollingOptions.every(options.pollInterval)
                : usesEmulator() ? PollingOptions.every(EMULATOR_POLL) : PollingOptions.defaults();
        return polling.withDeadline(options.timeout);
    }

    /**
     * The message without the values that must never be printed: the configured key and the emulator's. A key of
     * fewer than {@value #MIN_SECRET_LENGTH} characters (a local server's {@code sk-1234}, or the {@code x} any
     * emulator takes) is starred only where it stands as a whole token: starring every occurrence of {@code e} would
     * garble the message ({@code f***iled}).
     */
    String redact(String message) {
        String result = message;
        for (String secret : new String[] {env.apply("OPENAI_API_KEY"), emulatorKey}) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            String key = secret.trim();
            result = key.length() >= MIN_SECRET_LENGTH ? result.replace(key, "***")
                    : result.replaceAll("(?<![\\w-])" + Pattern.quote(key) + "(?![\\w-])", "***");
        }
        return result;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }
}
