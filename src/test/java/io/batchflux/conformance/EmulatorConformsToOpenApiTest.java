package io.batchflux.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.batchflux.conformance.SchemaValidator.Verdict;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's answers, captured raw over HTTP through a whole lifecycle, against the schemas of OpenAI's own
 * API description: file objects, batches in every status they pass through, a list page, a deletion, error
 * bodies, and the lines of the input, output and error files. The only latitude is the documented quirks
 * (optional fields may be null; file content is JSONL, checked line by line), so the emulator cannot drift into a
 * private dialect.
 */
class EmulatorConformsToOpenApiTest {
    private static final String KEY = "sk-emulator-conformance";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ENDPOINT = "/v1/chat/completions";

    private static BatchEmulator emulator;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        // a per-request delay long enough to observe in_progress, and a cancelling phase to observe cancelling
        emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(KEY)
                .withValidationDelay(Duration.ofMillis(50)).withPerRequestDelay(Duration.ofMillis(80))
                .withFinalizingDelay(Duration.ofMillis(50)).withCancellingDelay(Duration.ofMillis(300)));
        http = HttpClient.create().responseTimeout(WAIT);
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    record Answer(int status, String body) {
        JsonNode json() {
            return SchemaValidator.JSON.readTree(body);
        }
    }

    private static Answer exchange(String key, HttpMethod method, String path, String contentType, String body) {
        Answer answer = http.headers(h -> {
                    if (key != null) {
                        h.set("Authorization", "Bearer " + key);
                    }
                    if (contentType != null) {
                        h.set("Content-Type", contentType);
                    }
                })
                .request(method).uri(emulator.baseUrl() + path)
                .send(body == null ? Mono.empty() : ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)))
                .block(WAIT);
        if (answer == null) {
            fail(method + " " + path + " got no answer");
        }
        return answer;
    }

    private static Answer ok(HttpMethod method, String path, String contentType, String body) {
        Answer answer = exchange(KEY, method, path, contentType, body);
        assertEquals(200, answer.status(), method + " " + path + ": " + answer.body());
        return answer;
    }

    private static Answer get(String path) {
        return ok(HttpMethod.GET, path, null, null);
    }

    private static Answer postJson(String path, String json) {
        return ok(HttpMethod.POST, path, "application/json", json);
    }

    private static Answer upload(String jsonl, boolean withExpiry) {
        String boundary = "conformance-" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n");
        if (withExpiry) {
            body.append("--").append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"expires_after[anchor]\"\r\n\r\ncreated_at\r\n")
                    .append("--").append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"expires_after[seconds]\"\r\n\r\n7200\r\n");
        }
        body.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"input.jsonl\"\r\n")
                .append("Content-Type: application/jsonl\r\n\r\n").append(jsonl).append("\r\n--").append(boundary)
                .append("--\r\n");
        return ok(HttpMethod.POST, "/files", "multipart/form-data; boundary=" + boundary, body.toString());
    }

    private static String chatLine(String id, String content) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"" + ENDPOINT + "\",\"body\":{\"model\":"
                + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}}\n";
    }

    /** GETs the batch until it reaches a terminal status; the first snapshot of each status, in order. */
    private static Map<String, JsonNode> pollUntilTerminal(String batchId) {
        Map<String, JsonNode> byStatus = new LinkedHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode batch = get("/batches/" + batchId).json();
            String status = batch.path("status").asString();
            byStatus.putIfAbsent(status, batch);
            if (List.of("completed", "failed", "expired", "cancelled").contains(status)) {
                return byStatus;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("batch " + batchId + " did not finish within " + WAIT + "; saw " + byStatus.keySet());
    }

    private static List<String> lines(String content) {
        List<String> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    private static void assertConforms(SchemaValidator samples, String name) {
        Verdict verdict = samples.run(name);
        assertTrue(verdict.conforms(), "the emulator's answers do not conform to OpenAI's spec (exit "
                + verdict.exitCode() + "):\n" + verdict.output());
    }

    @Test
    void everyAnswerOfAFullLifecycleConformsToTheSpec() {
        SchemaValidator samples = new SchemaValidator();

        // files: upload with and without expiry, retrieve
        String input = chatLine("ok-1", "hello") + chatLine("ok-2", "world") + chatLine("bad-1", "boom [[fail:400]]")
                + chatLine("bad-2", "slow down [[fail:429]]");
        JsonNode file = upload(input, true).json();
        samples.add("upload with expires_after", SchemaValidator.CURRENT, "OpenAIFile", file);
        samples.add("upload without expires_after", SchemaValidator.CURRENT, "OpenAIFile",
                upload(chatLine("x", "y"), false).json());
        String fileId = file.path("id").asString();
        samples.add("file retrieve", SchemaValidator.CURRENT, "OpenAIFile", get("/files/" + fileId).json());
        for (String line : lines(get("/files/" + fileId + "/content").body())) {
            samples.add("input line", SchemaValidator.LINES_SPEC, "BatchRequestInput", SchemaValidator.JSON.readTree(line));
        }

        // a batch through validating, in_progress, finalizing, completed
        JsonNode created = postJson("/batches", "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"" + ENDPOINT
                + "\",\"completion_window\":\"24h\",\"metadata\":{\"project\":\"conformance\"},"
                + "\"output_expires_after\":{\"anchor\":\"created_at\",\"seconds\":7200}}").json();
        samples.add("batch create", SchemaValidator.CURRENT, "Batch", created);
        String batchId = created.path("id").asString();
        Map<String, JsonNode> snapshots = pollUntilTerminal(batchId);
        snapshots.forEach((status, batch) -> samples.add("batch " + status, SchemaValidator.CURRENT, "Batch", batch));
        JsonNode done = snapshots.get("completed");
        assertTrue(done != null, "the batch completed; saw " + snapshots.keySet());
        assertTrue(snapshots.containsKey("in_progress"), "in_progress was observed; saw " + snapshots.keySet());

        // output and error files: metadata and every line
        for (String field : List.of("output_file_id", "error_file_id")) {
            String id = done.path(field).asString(null);
            assertTrue(id != null && !id.isEmpty(), field + " is set: " + done);
            samples.add(field + " retrieve", SchemaValidator.CURRENT, "OpenAIFile", get("/files/" + id).json());
            List<String> lines = lines(get("/files/" + id + "/content").body());
            assertEquals(2, lines.size(), field + " lines");
            for (String line : lines) {
                JsonNode parsed = SchemaValidator.JSON.readTree(line);
                samples.add(field + " line", SchemaValidator.LINES_SPEC, "BatchRequestOutput", parsed);
                // the body is the endpoint's own answer: a chat completion, or an error body for a failure
                samples.add(field + " line body", SchemaValidator.CURRENT, field.startsWith("output")
                        ? "CreateChatCompletionResponse" : "ErrorResponse", parsed.path("response").path("body"));
            }
        }

        // a batch that fails validation, with errors
        String badFile = upload(chatLine("a", "x") + "{not json\n", false).json().path("id").asString();
        String failedId = postJson("/batches", "{\"input_file_id\":\"" + badFile + "\",\"endpoint\":\"" + ENDPOINT
                + "\",\"completion_window\":\"24h\"}").json().path("id").asString();
        JsonNode failed = pollUntilTerminal(failedId).get("failed");
        assertTrue(failed != null && failed.path("errors").path("data").size() > 0, "failed with errors: " + failed);
        samples.add("batch failed", SchemaValidator.CURRENT, "Batch", failed);

        // a batch cancelled while it runs: cancelling, then cancelled
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append(chatLine("c-" + i, "request " + i));
        }
        String manyFile = upload(many.toString(), false).json().path("id").asString();
        String cancelId = postJson("/batches", "{\"input_file_id\":\"" + manyFile + "\",\"endpoint\":\"" + ENDPOINT
                + "\",\"completion_window\":\"24h\"}").json().path("id").asString();
        JsonNode cancelling = postJson("/batches/" + cancelId + "/cancel", "").json();
        samples.add("batch cancel", SchemaValidator.CURRENT, "Batch", cancelling);
        Map<String, JsonNode> cancelSnapshots = pollUntilTerminal(cancelId);
        assertTrue(cancelSnapshots.containsKey("cancelled"), "cancelled; saw " + cancelSnapshots.keySet());
        cancelSnapshots.forEach((status, batch) -> samples.add("cancelled batch " + status, SchemaValidator.CURRENT,
                "Batch", batch));

        // list pages, first and after a cursor
        JsonNode page = get("/batches?limit=2").json();
        samples.add("list first page", SchemaValidator.CURRENT, "ListBatchesResponse", page);
        samples.add("list after cursor", SchemaValidator.CURRENT, "ListBatchesResponse",
                get("/batches?limit=1&after=" + page.path("last_id").asString()).json());
        samples.add("list empty page", SchemaValidator.CURRENT, "ListBatchesResponse",
                get("/batches?limit=5&after=" + batchId).json());

        // deletion
        samples.add("file delete", SchemaValidator.CURRENT, "DeleteFileResponse",
                ok(HttpMethod.DELETE, "/files/" + fileId, null, null).json());

        // error bodies: 400, 401 (wrong and missing key), 404 (file and batch)
        Map<String, Answer> errors = new LinkedHashMap<>();
        errors.put("400 limit out of range", exchange(KEY, HttpMethod.GET, "/batches?limit=0", null, null));
        errors.put("400 create without input_file_id", exchange(KEY, HttpMethod.POST, "/batches", "application/json",
                "{\"endpoint\":\"" + ENDPOINT + "\",\"completion_window\":\"24h\"}"));
        errors.put("401 wrong key", exchange("sk-wrong", HttpMethod.GET, "/batches", null, null));
        errors.put("401 no key", exchange(null, HttpMethod.GET, "/batches", null, null));
        errors.put("404 deleted file", exchange(KEY, HttpMethod.GET, "/files/" + fileId, null, null));
        errors.put("404 unknown batch", exchange(KEY, HttpMethod.GET, "/batches/batch_nope", null, null));
        errors.forEach((label, answer) -> {
            int expected = Integer.parseInt(label.substring(0, 3));
            assertEquals(expected, answer.status(), label + ": " + answer.body());
            samples.add(label, SchemaValidator.CURRENT, "ErrorResponse", answer.json());
        });

        assertConforms(samples, "emulator-lifecycle");
    }

    /** The negative control: the validator rejects answers that break the spec, so a pass above means something. */
    @Test
    void theSchemaCheckRejectsAnswersThatBreakTheSpec() {
        SchemaValidator samples = new SchemaValidator()
                .add("status is a number", "Batch", "{\"id\":\"batch_1\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/"
                        + "completions\",\"input_file_id\":\"file-1\",\"completion_window\":\"24h\",\"status\":42,"
                        + "\"created_at\":1711471533}")
                .add("required field null", "OpenAIFile", "{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":null,"
                        + "\"created_at\":1,\"filename\":\"a.jsonl\",\"purpose\":\"batch\",\"status\":\"processed\"}")
                .add("private field", "DeleteFileResponse", "{\"id\":\"file-1\",\"object\":\"file\",\"deleted\":true,"
                        + "\"emulator_only\":1}");
        Verdict verdict = samples.run("negative-control");
        assertNotEquals(0, verdict.exitCode(), verdict.output());
        assertTrue(verdict.output().contains("/status must be string"), verdict.output());
        assertTrue(verdict.output().contains("/bytes must be integer"), verdict.output());
        assertTrue(verdict.output().contains("/emulator_only is not a property of DeleteFileResponse"),
                verdict.output());
        assertTrue(verdict.output().contains("0 of 3 samples conform"), verdict.output());
    }

    /** Quirk 1 is allowed, nothing else: a real API batch with null optional fields conforms. */
    @Test
    void theSchemaCheckAllowsTheDocumentedNullFields() {
        Verdict verdict = new SchemaValidator().add("API batch with nulls", "Batch", "{\"id\":\"batch_abc123\","
                + "\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\",\"errors\":null,\"input_file_id\":"
                + "\"file-abc123\",\"completion_window\":\"24h\",\"status\":\"validating\",\"output_file_id\":null,"
                + "\"error_file_id\":null,\"created_at\":1711471533,\"in_progress_at\":null,\"expires_at\":1711557933,"
                + "\"finalizing_at\":null,\"completed_at\":null,\"failed_at\":null,\"expired_at\":null,"
                + "\"cancelling_at\":null,\"cancelled_at\":null,\"request_counts\":{\"total\":0,\"completed\":0,"
                + "\"failed\":0},\"metadata\":null}").run("quirks");
        assertTrue(verdict.conforms(), verdict.output());
        assertFalse(verdict.output().contains("FAIL"), verdict.output());
    }
}
