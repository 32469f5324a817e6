package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@ExtendWith(LeakGuard.class)
class BatchValidationTest {

    private static BatchEmulator emulator;
    private static EmulatorHttp http;

    @BeforeAll
    static void start() {
        emulator = BatchEmulator.start(EmulatorOptions.defaults()
                .withValidationDelay(Duration.ZERO)
                .withPerRequestDelay(Duration.ZERO)
                .withFinalizingDelay(Duration.ZERO)
                .withMaxRequestsPerBatch(3));
        http = new EmulatorHttp(emulator, null);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String line(String customId, String method, String url, String model) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"" + method + "\",\"url\":\"" + url + "\",\"body\":"
                + "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
    }

    private static String good(String customId) {
        return line(customId, "POST", "/v1/chat/completions", "m");
    }

    /** Runs {@code input} as a chat batch and returns its errors as {@code code@line} strings. */
    private static List<String> errorsOf(String input) throws InterruptedException {
        String id = http.createBatch(http.upload(input), "/v1/chat/completions").get("id").asString();
        JsonNode failed = http.awaitStatus(id, "failed", "completed");
        assertEquals("failed", failed.get("status").asString(), failed.toString());
        assertTrue(failed.get("failed_at").isNumber());
        assertTrue(failed.get("in_progress_at").isNull(), "validation failures never start");
        assertEquals("list", failed.at("/errors/object").asString());
        List<String> out = new ArrayList<>();
        for (JsonNode error : failed.at("/errors/data")) {
            assertTrue(error.get("message").asString().length() > 10, error.toString());
            out.add(error.get("code").asString() + "@" + (error.get("line").isNull() ? "-" : error.get("line").asString()));
        }
        return out;
    }

    @Test
    void eachInvalidLineIsReportedWithItsCodeAndLineNumber() throws Exception {
        String input = good("a")
                + "not json\n"
                + good("a")
                + line("c", "GET", "/v1/chat/completions", "m")
                + line("d", "POST", "/v1/embeddings", "m")
                + line("e", "POST", "/v1/chat/completions", "other-model")
                + "{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\"}}\n";
        // 7 lines > max 3 as well
        assertEquals(List.of("invalid_json_line@2", "duplicate_custom_id@3", "invalid_method@4", "url_mismatch@5",
                "model_mismatch@6", "missing_required_parameter@7", "too_many_tasks@-"), errorsOf(input));
    }

    @Test
    void streamingRequestsAreRejected() throws Exception {
        String input = "{\"custom_id\":\"s\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + "{\"model\":\"m\",\"stream\":true}}\n";
        assertEquals(List.of("invalid_request@1"), errorsOf(input));
    }

    @Test
    void aFileOfBlankLinesIsEmpty() throws Exception {
        assertEquals(List.of("empty_file@-"), errorsOf("\n\n"));
    }

    @Test
    void trailingBlankLinesAreIgnoredButInnerOnesAreNot() throws Exception {
        String id = http.createBatch(http.upload(good("a") + "\n\r\n"), "/v1/chat/completions").get("id").asString();
        assertEquals("completed", http.awaitStatus(id, "completed", "failed").get("status").asString());
        assertEquals(List.of("invalid_json_line@2"), errorsOf(good("a") + "\n" + good("b")));
    }

    @Test
    void theErrorListIsCapped() throws Exception {
        String input = IntStream.range(0, 150).mapToObj(i -> "x\n").collect(Collectors.joining());
        List<String> errors = errorsOf(input);
        assertEquals(InputValidator.MAX_ERRORS, errors.size(), "150 invalid lines and too_many_tasks, capped");
        assertEquals("invalid_json_line@100", errors.get(99));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}|input_file_id|missing_required_parameter",
        "{\"input_file_id\":\"FILE\",\"completion_window\":\"24h\"}|endpoint|missing_required_parameter",
        "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\"}|completion_window|missing_required_parameter",
        "{\"input_file_id\":\"file-nope\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}|input_file_id|invalid_value",
        "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24x\"}|completion_window|invalid_value",
        "{\"input_file_id\":\"FILE\",\"endpoint\":\"/chat/completions\",\"completion_window\":\"24h\"}|endpoint|invalid_value",
        "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"k\":1}}|metadata|invalid_value",
        "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"KEY65\":\"v\"}}|metadata|invalid_value",
        "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"k\":\"VALUE513\"}}|metadata|invalid_value",
        "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":PAIRS17}|metadata|invalid_value",
    })
    void invalidCreateRequestsAreAnswered400NamingTheField(String body, String param, String code) {
        String fileId = http.upload(good("a"));
        String pairs = IntStream.range(0, 17).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",", "{", "}"));
        String json = body.replace("FILE", fileId).replace("KEY65", "k".repeat(65)).replace("VALUE513", "v".repeat(513))
                .replace("PAIRS17", pairs);
        long before = emulator.stats().batchesCreated();
        EmulatorHttp.Reply reply = http.postJson("/batches", EmulatorJson.MAPPER.readTree(json));
        assertEquals(400, reply.status(), reply.text());
        assertEquals(param, reply.json().at("/error/param").asString(), reply.text());
        assertEquals(code, reply.json().at("/error/code").asString(), reply.text());
        assertEquals("invalid_request_error", reply.json().at("/error/type").asString());
        assertEquals(before, emulator.stats().batchesCreated());
    }

    @Test
    void otherWindowsAndMetadataAreAcceptedAsGiven() {
        String fileId = http.upload(good("a"));
        ObjectNode request = EmulatorJson.object();
        request.put("input_file_id", fileId);
        request.put("endpoint", "/v1/chat/completions");
        request.put("completion_window", "7d");
        ObjectNode metadata = request.putObject("metadata");
        IntStream.range(0, 16).forEach(i -> metadata.put("k" + i, "v".repeat(512)));
        EmulatorHttp.Reply reply = http.postJson("/batches", request);
        assertEquals(200, reply.status(), reply.text());
        assertEquals(metadata, reply.json().get("metadata"));
        assertEquals("7d", reply.json().get("completion_window").asString());
        assertEquals(7 * 86400, reply.json().get("expires_at").asLong() - reply.json().get("created_at").asLong());
    }
}
