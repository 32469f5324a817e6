package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@ExtendWith(LeakGuard.class)
class BatchLifecycleTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final long T = NOW.getEpochSecond();
    private static final Set<String> BATCH_FIELDS = Set.of("id", "object", "endpoint", "model", "errors",
            "input_file_id", "completion_window", "status", "output_file_id", "error_file_id", "created_at",
            "in_progress_at", "expires_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at",
            "cancelled_at", "request_counts", "usage", "metadata");

    private BatchEmulator emulator;
    private EmulatorHttp http;

    private void start(EmulatorOptions options) {
        emulator = BatchEmulator.start(options);
        http = new EmulatorHttp(emulator, null);
    }

    private static EmulatorOptions fast() {
        return EmulatorOptions.defaults()
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .withValidationDelay(Duration.ofMillis(10))
                .withPerRequestDelay(Duration.ofMillis(1))
                .withFinalizingDelay(Duration.ofMillis(10))
                .withCancellingDelay(Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    static String chatLine(String customId, String content) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"" + content + "\"}]}}\n";
    }

    /** A result line without its hashed ids, after checking their shapes. */
    private static JsonNode withoutIds(String line) {
        ObjectNode node = (ObjectNode) EmulatorJson.MAPPER.readTree(line);
        assertTrue(node.remove("id").asString().matches("batch_req_[0-9a-f]{24}"), line);
        JsonNode response = node.get("response");
        if (response != null && response.isObject()) {
            assertTrue(((ObjectNode) response).remove("request_id").asString().matches("[0-9a-f]{32}"), line);
            JsonNode body = response.get("body");
            if (body.has("id")) {
                assertTrue(((ObjectNode) body).remove("id").asString().startsWith("chatcmpl-"), line);
            }
        }
        return node;
    }

    @Test
    void aChatBatchRunsToCompletedWithExactEchoAnswers() throws Exception {
        start(fast());
        String fileId = http.upload(chatLine("a", "hello there") + chatLine("b", "one two three"));
        ObjectNode created = http.createBatch(fileId, "/v1/chat/completions");
        assertEquals(BATCH_FIELDS, created.propertyNames());
        assertEquals("validating", created.get("status").asString());
        assertTrue(created.get("id").asString().matches("batch_[A-Za-z0-9]{24}"));
        assertEquals("{\"total\":0,\"completed\":0,\"failed\":0}", created.get("request_counts").toString());
        assertTrue(created.get("model").isNull());
        assertEquals(T, created.get("created_at").asLong());
        assertEquals(T + 24 * 3600, created.get("expires_at").asLong());

        JsonNode done = http.awaitStatus(created.get("id").asString(), "completed", "failed");
        assertEquals("completed", done.get("status").asString(), done.toString());
        assertEquals(BATCH_FIELDS, done.propertyNames());
        assertEquals("gpt-4o-mini", done.get("model").asString());
        assertEquals("{\"total\":2,\"completed\":2,\"failed\":0}", done.get("request_counts").toString());
        for (String field : List.of("in_progress_at", "finalizing_at", "completed_at")) {
            assertEquals(T, done.get(field).asLong(), field);
        }
        for (String field : List.of("failed_at", "expired_at", "cancelling_at", "cancelled_at", "error_file_id", "errors")) {
            assertTrue(done.get(field).isNull(), field);
        }
        // prompt words: "be brief hello there" = 4 and "be brief one two three" = 5; replies 3 and 4 words
        assertEquals("{\"input_tokens\":9,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":7,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":16}", done.get("usage").toString());

        String outputId = done.get("output_file_id").asString();
        JsonNode outputFile = http.get("/files/" + outputId).json();
        assertEquals("batch_output", outputFile.get("purpose").asString());
        List<String> lines = http.lines(outputId);
        assertEquals(2, lines.size());
        assertEquals(EmulatorJson.MAPPER.readTree("{\"custom_id\":\"a\",\"response\":{\"status_code\":200,\"body\":"
                + "{\"object\":\"chat.completion\",\"created\":" + T + ",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"echo: hello there\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":3,"
                + "\"total_tokens\":7}}},\"error\":null}"), withoutIds(lines.get(0)));
        assertEquals("echo: one two three", EmulatorJson.MAPPER.readTree(lines.get(1))
                .at("/response/body/choices/0/message/content").asString());
    }

    @Test
    void embeddingsAreEightDeterministicNumbersPerInput() throws Exception {
        start(fast());
        String line = "{\"custom_id\":\"%s\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":"
                + "{\"model\":\"text-embedding-3-small\",\"input\":%s}}\n";
        String fileId = http.upload(String.format(line, "x", "\"same text\"") + String.format(line, "y", "\"same text\"")
                + String.format(line, "z", "[\"same text\",\"other text\"]"));
        JsonNode done = http.awaitStatus(http.createBatch(fileId, "/v1/embeddings").get("id").asString(), "completed");
        List<JsonNode> lines = http.lines(done.get("output_file_id").asString()).stream()
                .map(EmulatorJson.MAPPER::readTree).collect(Collectors.toList());
        assertEquals(List.of("x", "y", "z"), lines.stream().map(l -> l.get("custom_id").asString()).collect(Collectors.toList()));
        JsonNode x = lines.get(0).at("/response/body");
        assertEquals("list", x.get("object").asString());
        assertEquals("text-embedding-3-small", x.get("model").asString());
        assertEquals("{\"prompt_tokens\":2,\"total_tokens\":2}", x.get("usage").toString());
        JsonNode vector = x.at("/data/0/embedding");
        assertEquals(8, vector.size());
        vector.forEach(v -> assertTrue(v.asDouble() >= -1 && v.asDouble() <= 1, vector.toString()));
        assertEquals(vector, lines.get(1).at("/response/body/data/0/embedding"), "same input, same vector");
        JsonNode z = lines.get(2).at("/response/body/data");
        assertEquals(2, z.size());
        assertEquals(vector, z.get(0).get("embedding"));
        assertEquals(1, z.get(1).get("index").asInt());
        assertNotEquals(vector, z.get(1).get("embedding"));
    }

    @Test
    void theFailMarkerSendsALineToTheErrorFile() throws Exception {
        start(fast());
        String fileId = http.upload(chatLine("ok", "fine") + chatLine("bad", "please [[fail:400]]"));
        JsonNode done = http.awaitStatus(http.createBatch(fileId, "/v1/chat/completions").get("id").asString(), "completed");
        assertEquals("{\"total\":2,\"completed\":1,\"failed\":1}", done.get("request_counts").toString());
        assertEquals(1, http.lines(done.get("output_file_id").asString()).size());
        List<String> errors = http.lines(done.get("error_file_id").asString());
        assertEquals(1, errors.size());
        assertEquals(EmulatorJson.MAPPER.readTree("{\"custom_id\":\"bad\",\"response\":{\"status_code\":400,\"body\":"
                + "{\"error\":{\"message\":\"Emulated failure: the request asked for HTTP 400 with [[fail:400]].\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"emulated_failure\"}}},\"error\":null}"),
                withoutIds(errors.get(0)));
    }

    @Test
    void aBatchWhoseRequestsAllFailedHasNoOutputFile() throws Exception {
        start(fast());
        String fileId = http.upload(chatLine("a", "[[fail:500]]") + chatLine("b", "[[fail:429]]"));
        JsonNode done = http.awaitStatus(http.createBatch(fileId, "/v1/chat/completions").get("id").asString(), "completed");
        assertTrue(done.get("output_file_id").isNull(), done.toString());
        assertEquals("{\"total\":2,\"completed\":0,\"failed\":2}", done.get("request_counts").toString());
        List<String> errors = http.lines(done.get("error_file_id").asString());
        assertEquals(List.of(500, 429), errors.stream()
                .map(l -> EmulatorJson.MAPPER.readTree(l).at("/response/status_code").asInt()).collect(Collectors.toList()));
    }

    @Test
    void cancellingStopsExecutionAndKeepsPartialResults() throws Exception {
        start(fast().withPerRequestDelay(Duration.ofMillis(30)).withCancellingDelay(Duration.ofMillis(100)));
        String input = IntStream.range(0, 100).mapToObj(i -> chatLine("r" + i, "n" + i)).collect(Collectors.joining());
        String id = http.createBatch(http.upload(input), "/v1/chat/completions").get("id").asString();
        long deadline = System.nanoTime() + EmulatorHttp.TIMEOUT.toNanos();
        while (http.get("/batches/" + id).json().at("/request_counts/completed").asInt() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        EmulatorHttp.Reply cancel = http.postJson("/batches/" + id + "/cancel", EmulatorJson.object());
        assertEquals(200, cancel.status(), cancel.text());
        assertEquals("cancelling", cancel.json().get("status").asString());
        assertEquals(T, cancel.json().get("cancelling_at").asLong());
        assertEquals("cancelling", http.postJson("/batches/" + id + "/cancel", EmulatorJson.object()).json()
                .get("status").asString(), "cancel is idempotent while cancelling");

        JsonNode done = http.awaitStatus(id, "cancelled");
        assertEquals(T, done.get("cancelled_at").asLong());
        int completed = done.at("/request_counts/completed").asInt();
        assertTrue(completed >= 2 && completed < 100, done.toString());
        assertEquals(100, done.at("/request_counts/total").asInt());
        assertEquals(completed, http.lines(done.get("output_file_id").asString()).size());
        assertTrue(done.get("error_file_id").isNull());

        EmulatorHttp.Reply again = http.postJson("/batches/" + id + "/cancel", EmulatorJson.object());
        assertEquals(409, again.status());
        assertEquals("invalid_request_error", again.json().at("/error/type").asString());
    }

    @Test
    void aBatchThatOutlivesItsWindowExpiresWithBatchExpiredLines() throws Exception {
        start(fast().withPerRequestDelay(Duration.ofMillis(20)).withCompletionWindowOverride(Duration.ofMillis(300)));
        String input = IntStream.range(0, 100).mapToObj(i -> chatLine("r" + i, "n" + i)).collect(Collectors.joining());
        String id = http.createBatch(http.upload(input), "/v1/chat/completions").get("id").asString();
        JsonNode done = http.awaitStatus(id, "expired", "completed");
        assertEquals("expired", done.get("status").asString());
        assertEquals(T, done.get("expired_at").asLong());
        int completed = done.at("/request_counts/completed").asInt();
        int failed = done.at("/request_counts/failed").asInt();
        assertTrue(completed > 0 && failed > 0, done.toString());
        assertEquals(100, completed + failed);
        assertEquals(completed, http.lines(done.get("output_file_id").asString()).size());
        List<String> expired = http.lines(done.get("error_file_id").asString());
        assertEquals(failed, expired.size());
        assertEquals(EmulatorJson.MAPPER.readTree("{\"custom_id\":\"r99\",\"response\":null,\"error\":{\"code\":"
                + "\"batch_expired\",\"message\":\"This request could not be executed before the completion window "
                + "expired.\"}}"), withoutIds(expired.get(expired.size() - 1)));
    }
}
