package io.batchflux.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's official Node SDK (pinned in src/test/node/package.json) uploads, creates, retrieves, lists, cancels
 * and downloads against the emulator: its wire format is OpenAI's, not a dialect batchflux shares with itself.
 */
class OpenAiSdkAgainstEmulatorTest {
    private static final Path NODE_DIR = Path.of("src/test/node");

    @Test
    void officialNodeSdkDrivesTheEmulatorThroughAWholeBatch() throws Exception {
        Path script = NODE_DIR.resolve("openai-sdk-against-emulator.mjs").toAbsolutePath();
        assertTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/openai")),
                "the openai npm package is missing: run `npm ci` in src/test/node (mvn does it in generate-test-resources)");
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("sk-node-sdk")
                .withValidationDelay(Duration.ofMillis(20)).withPerRequestDelay(Duration.ofMillis(2))
                .withFinalizingDelay(Duration.ofMillis(20)).withCancellingDelay(Duration.ofMillis(20)))) {
            Path log = Files.createTempFile("openai-node-sdk", ".log");
            ProcessBuilder builder = new ProcessBuilder("node", script.toString())
                    .directory(NODE_DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("OPENAI_BASE_URL", emulator.baseUrl());
            builder.environment().put("OPENAI_API_KEY", "sk-node-sdk");
            Process node = builder.start();
            boolean finished = node.waitFor(90, TimeUnit.SECONDS);
            if (!finished) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            assertTrue(finished, "the SDK run did not finish in 90 s:\n" + output);
            assertEquals(0, node.exitValue(), output);
            assertTrue(output.contains("\"ok\":true"), output);
        }
    }
}
