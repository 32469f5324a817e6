package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.BatchRequests;
import io.batchflux.PollingOptions;
import io.batchflux.SubmitOptions;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the CLI in-process against an emulator on 127.0.0.1 (ephemeral port) that demands {@link #KEY}, with an
 * injected environment, capturing stdout and stderr. A test class shares one with
 * {@code @RegisterExtension static final CliHarness cli = new CliHarness();}, which closes it after the class.
 */
final class CliHarness implements AutoCloseable, AfterAllCallback {
    static final String KEY = "sk-test-SECRET-0123456789";

    final BatchEmulator emulator;
    final BatchClient client;

    CliHarness() {
        emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(KEY)
                .withValidationDelay(Duration.ofMillis(100))
                .withPerRequestDelay(Duration.ofMillis(20))
                .withFinalizingDelay(Duration.ofMillis(100)));
        client = BatchClient.create(BatchClientOptions.builder().baseUrl(emulator.baseUrl()).apiKey(KEY).build());
    }

    /** The environment pointing at the emulator with the right key. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENAI_API_KEY", KEY);
        env.put("OPENAI_BASE_URL", emulator.baseUrl());
        return env;
    }

    Run run(String... args) {
        return run(env(), args);
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A batch created through the library, not yet finished. */
    Batch submit(String spec) {
        return client.submit(BatchRequests.fromSpec(spec, "gpt-4o-mini"), SubmitOptions.defaults())
                .block(Duration.ofSeconds(10));
    }

    /** A batch created through the library and waited for. */
    Batch completed(String spec) {
        Batch created = submit(spec);
        return client.awaitCompletion(created.id(), PollingOptions.every(Duration.ofMillis(50)))
                .block(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        client.close();
        emulator.close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** What one invocation printed and returned. */
    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        String all() {
            return out + err;
        }
    }
}
