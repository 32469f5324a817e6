package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * What users' tests may throw at the emulator: forms and bodies built to fill its heap, a queue of batches
 * longer than its workers, values OpenAI refuses, and listing order.
 */
class EmulatorRobustnessTest {
    private BatchEmulator emulator;
    private EmulatorHttp http;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private void start(EmulatorOptions options) {
        emulator = BatchEmulator.start(options);
        http = new EmulatorHttp(emulator, null);
    }

    private static String lines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(BatchLifecycleTest.chatLine("r" + i, "hi"));
        }
        return sb.toString();
    }

    @Test
    void aFormOfManyFieldsIsRefusedBeforeItFillsTheHeap() {
        start(EmulatorOptions.defaults());
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("f" + i, "x");
        }
        EmulatorHttp.Reply tooMany = http.upload(EmulatorHttp.multipart("batch", "a.jsonl",
                lines(1).getBytes(StandardCharsets.UTF_8), many), 8192, false);
        assertEquals(400, tooMany.status(), tooMany.text());
        assertTrue(tooMany.text().contains("at most 16 form fields"), tooMany.text());
        Map<String, String> large = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            large.put("f" + i, "y".repeat(60_000));
        }
        EmulatorHttp.Reply tooLarge = http.upload(EmulatorHttp.multipart("batch", "a.jsonl",
                lines(1).getBytes(StandardCharsets.UTF_8), large), 8192, false);
        assertEquals(400, tooLarge.status(), tooLarge.text());
        assertTrue(tooLarge.text().contains("form fields are longer than"), tooLarge.text());
        assertEquals(0, emulator.storedFileCount());
    }

    @Test
    void aCreateBodyOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() {
        start(EmulatorOptions.defaults());
        byte[] big = ("{\"pad\":\"" + "z".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (boolean declared : List.of(true, false)) {
            EmulatorHttp.Reply reply = http.exchange(HttpMethod.POST, "/batches",
                    EmulatorHttp.chunks(big, 64 * 1024), h -> {
                        h.set("content-type", "application/json");
                        if (declared) {
                            h.set("content-length", big.length);
                        }
                    }).block(EmulatorHttp.TIMEOUT);
            assertEquals(400, reply.status(), reply.text());
            assertTrue(reply.text().contains("The request body is larger than"), reply.text());
        }
    }

    @Test
    void aBatchQueuedBehindBusyWorkersIsCancelledWithoutWaitingForOne() throws Exception {
        start(EmulatorOptions.defaults().withValidationDelay(Duration.ofMillis(10))
                .withPerRequestDelay(Duration.ofMillis(50)).withCancellingDelay(Duration.ofMillis(10)));
        String file = http.upload(lines(400)); // 20 s per batch
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ids.add(http.createBatch(file, "/v1/chat/completions").get("id").asString());
        }
        String ninth = ids.get(8);
        http.postJson("/batches/" + ninth + "/cancel", EmulatorJson.object());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !status.equals("cancelled")) {
            Thread.sleep(20);
            status = http.get("/batches/" + ninth).json().get("status").asString();
        }
        assertEquals("cancelled", status);
        for (String id : ids.subList(0, 8)) {
            http.postJson("/batches/" + id + "/cancel", EmulatorJson.object());
        }
    }

    @Test
    void aCompletionWindowBeyondAYearIsAnInvalidValue() {
        start(EmulatorOptions.defaults());
        String file = http.upload(lines(1));
        ObjectNode request = EmulatorJson.object();
        request.put("input_file_id", file);
        request.put("endpoint", "/v1/chat/completions");
        request.put("completion_window", "999999d");
        EmulatorHttp.Reply reply = http.postJson("/batches", request);
        assertEquals(400, reply.status(), reply.text());
        assertEquals("completion_window", reply.json().at("/error/param").asString());
    }

    @Test
    void anUnknownPurposeIsAnInvalidValue() {
        start(EmulatorOptions.defaults());
        EmulatorHttp.Reply reply = http.upload(EmulatorHttp.multipart("bogus", "a.jsonl",
                lines(1).getBytes(StandardCharsets.UTF_8), Map.of()), 8192, false);
        assertEquals(400, reply.status(), reply.text());
        assertEquals("purpose", reply.json().at("/error/param").asString());
    }

    @Test
    void filesAreListedOldestFirstWithOrderAsc() {
        start(EmulatorOptions.defaults());
        String first = http.upload(lines(1));
        String second = http.upload(lines(2));
        assertEquals(first, http.get("/files?order=asc&limit=1").json().at("/data/0/id").asString());
        assertEquals(second, http.get("/files?order=desc&limit=1").json().at("/data/0/id").asString());
        assertEquals(400, http.get("/files?order=sideways").status());
    }
}
