package io.batchflux.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collects JSON samples and checks them against component schemas of the copied OpenAPI descriptions with
 * {@code src/test/node/validate-schemas.mjs} (ajv, JSON Schema 2020-12, the documented quirks allowed there).
 */
final class SchemaValidator {
    static final String CURRENT = "openapi.yaml";
    static final String LINES_SPEC = "openapi-2025-04-29.yaml";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TIMEOUT_SECONDS = 60;

    private final List<ObjectNode> samples = new ArrayList<>();

    /** Adds a sample that must conform to {@code schema} of {@code spec}. */
    SchemaValidator add(String label, String spec, String schema, JsonNode sample) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("label", label);
        entry.put("spec", spec);
        entry.put("schema", schema);
        entry.set("sample", sample);
        samples.add(entry);
        return this;
    }

    SchemaValidator add(String label, String schema, String sampleJson) {
        return add(label, CURRENT, schema, JSON.readTree(sampleJson));
    }

    int size() {
        return samples.size();
    }

    /** The script's verdict. */
    record Verdict(int exitCode, String output) {
        boolean conforms() {
            return exitCode == 0;
        }
    }

    /** Runs the script over every sample added (bounded wait). */
    Verdict run(String name) {
        Path node = SteadyServer.nodeDir();
        Path script = node.resolve("validate-schemas.mjs");
        if (!Files.isDirectory(node.resolve("node_modules/ajv"))) {
            fail("ajv is not installed: run `npm ci` in src/test/node (the Maven build does this)");
        }
        Path specDir = SteadyServer.resource("/openapi/" + CURRENT).getParent();
        Path dir = SteadyServer.baseDir().resolve("target/conformance");
        Path samplesFile = dir.resolve(name + "-samples.json");
        Path outputFile = dir.resolve(name + "-validation.txt");
        try {
            Files.createDirectories(dir);
            ArrayNode all = JSON.createArrayNode();
            samples.forEach(all::add);
            Files.writeString(samplesFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
            Process process = new ProcessBuilder("node", script.toString(), "--spec-dir", specDir.toString(),
                    samplesFile.toString())
                    .directory(node.toFile()).redirectErrorStream(true).redirectOutput(outputFile.toFile()).start();
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    fail("validate-schemas.mjs did not finish within " + TIMEOUT_SECONDS + " s");
                }
            } finally {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return new Verdict(process.exitValue(), Files.readString(outputFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node (is node 20 on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
