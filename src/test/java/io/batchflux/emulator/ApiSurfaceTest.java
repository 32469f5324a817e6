package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

@ExtendWith(LeakGuard.class)
class ApiSurfaceTest {

    private BatchEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private EmulatorHttp start(EmulatorOptions options, String key) {
        emulator = BatchEmulator.start(options.withValidationDelay(Duration.ZERO));
        return new EmulatorHttp(emulator, key);
    }

    private static String line(String id) {
        return BatchLifecycleTest.chatLine(id, "hi");
    }

    @Test
    void aWrongOrMissingKeyIs401AndTheKeyIsNeverEchoed() {
        EmulatorOptions options = EmulatorOptions.defaults().withApiKey("sk-right-key");
        EmulatorHttp wrong = start(options, "sk-wrong-key");
        EmulatorHttp.Reply reply = wrong.get("/batches");
        assertEquals(401, reply.status());
        assertEquals("invalid_api_key", reply.json().at("/error/code").asString());
        assertEquals("invalid_request_error", reply.json().at("/error/type").asString());
        assertTrue(reply.json().at("/error/param").isNull());
        assertFalse(reply.text().contains("sk-wrong-key") || reply.text().contains("sk-right-key"), reply.text());
        assertEquals(401, new EmulatorHttp(emulator, null).get("/batches").status());
        assertFalse(options.toString().contains("sk-right-key"));
        assertEquals(200, new EmulatorHttp(emulator, "sk-right-key").get("/batches").status());
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405WithOpenAiErrorBodies() {
        EmulatorHttp http = start(EmulatorOptions.defaults(), null);
        EmulatorHttp.Reply unknown = http.get("/nothing/here");
        assertEquals(404, unknown.status());
        assertEquals("{\"error\":{\"message\":\"Invalid URL (GET /v1/nothing/here)\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":null}}", unknown.text());
        EmulatorHttp.Reply batch = http.get("/batches/batch_missing");
        assertEquals(404, batch.status());
        assertEquals("No such Batch object: batch_missing", batch.json().at("/error/message").asString());
        EmulatorHttp.Reply wrongMethod = http.delete("/batches");
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, POST", String.join(", ", new java.util.TreeSet<>(
                List.of(wrongMethod.headers().get(HttpHeaderNames.ALLOW).split(", ")))));
        assertEquals(404, http.postJson("/batches/batch_missing/cancel", EmulatorJson.object()).status());
    }

    @Test
    void aPathPrefixIsHonoured() {
        emulator = BatchEmulator.start(EmulatorOptions.defaults().withPathPrefix("/openai/v1"));
        assertTrue(emulator.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+/openai/v1"), emulator.baseUrl());
        assertEquals(200, new EmulatorHttp(emulator, null).get("/batches").status());
    }

    @Test
    void listingPagesNewestFirst() throws Exception {
        EmulatorHttp http = start(EmulatorOptions.defaults(), null);
        String fileId = http.upload(line("a"));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(http.createBatch(fileId, "/v1/chat/completions").get("id").asString());
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        JsonNode page1 = http.get("/batches?limit=2").json();
        assertEquals("list", page1.get("object").asString());
        assertEquals(newestFirst.subList(0, 2), ids(page1));
        assertEquals(newestFirst.get(0), page1.get("first_id").asString());
        assertEquals(newestFirst.get(1), page1.get("last_id").asString());
        assertTrue(page1.get("has_more").asBoolean());
        JsonNode page2 = http.get("/batches?limit=2&after=" + page1.get("last_id").asString()).json();
        assertEquals(newestFirst.subList(2, 4), ids(page2));
        assertTrue(page2.get("has_more").asBoolean());
        JsonNode page3 = http.get("/batches?limit=2&after=" + page2.get("last_id").asString()).json();
        assertEquals(newestFirst.subList(4, 5), ids(page3));
        assertFalse(page3.get("has_more").asBoolean());
        assertEquals(newestFirst, ids(http.get("/batches").json()), "default limit 20 holds all five");

        for (String bad : List.of("0", "101", "x")) {
            EmulatorHttp.Reply reply = http.get("/batches?limit=" + bad);
            assertEquals(400, reply.status(), bad);
            assertEquals("limit", reply.json().at("/error/param").asString());
        }
        EmulatorHttp.Reply unknownCursor = http.get("/batches?after=batch_unknown");
        assertEquals(400, unknownCursor.status());
        assertEquals("after", unknownCursor.json().at("/error/param").asString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(b -> ids.add(b.get("id").asString()));
        return ids;
    }

    @Test
    void rateLimitFaultsCarryRetryAfterHeaders() {
        EmulatorHttp http = start(EmulatorOptions.defaults().withFaults(FaultOptions.none().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofMillis(1500)).onlyOn(EnumSet.of(RouteKind.LIST_BATCHES))), null);
        EmulatorHttp.Reply reply = http.get("/batches");
        assertEquals(429, reply.status());
        assertEquals("2", reply.headers().get(HttpHeaderNames.RETRY_AFTER));
        assertEquals("1500", reply.headers().get("retry-after-ms"));
        assertEquals("rate_limit_exceeded", reply.json().at("/error/code").asString());
        assertEquals(404, http.get("/batches/batch_x").status(), "faults stay on the routes they were given");
        assertEquals(1, emulator.stats().faults(FaultKind.RATE_LIMIT));
    }

    @Test
    void serverErrorFaultsAnswer500() {
        EmulatorHttp http = start(EmulatorOptions.defaults().withFaults(FaultOptions.none().withServerErrorRate(1.0)), null);
        EmulatorHttp.Reply reply = http.get("/batches");
        assertEquals(500, reply.status());
        assertEquals("server_error", reply.json().at("/error/type").asString());
        assertEquals(1, emulator.stats().faults(FaultKind.SERVER_ERROR));
    }

    @Test
    void faultRatesAreDeterministicForASeed() {
        FaultOptions faults = FaultOptions.none().withServerErrorRate(0.5).withSeed(7);
        List<Integer> first = statuses(faults);
        assertEquals(first, statuses(faults));
        assertTrue(first.contains(500) && first.contains(200), first.toString());
    }

    private List<Integer> statuses(FaultOptions faults) {
        EmulatorHttp http = start(EmulatorOptions.defaults().withFaults(faults), null);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(http.get("/batches").status());
        }
        emulator.close();
        return statuses;
    }

    @Test
    void droppedConnectionsGetNoResponse() {
        EmulatorHttp http = start(EmulatorOptions.defaults().withFaults(FaultOptions.none().withDropConnectionRate(1.0)), null);
        StepVerifier.create(http.exchange(HttpMethod.GET, "/batches", null, h -> { }))
                .expectError()
                .verify(EmulatorHttp.TIMEOUT);
        assertEquals(1, emulator.stats().faults(FaultKind.DROP_CONNECTION));
    }

    @Test
    void truncatedDownloadsPromiseTheFullLengthAndDeliverLess() {
        EmulatorHttp http = start(EmulatorOptions.defaults().withFaults(FaultOptions.none().withTruncateDownloadRate(1.0)), null);
        String fileId = http.upload(line("a") + line("b") + line("c"));
        long size = http.get("/files/" + fileId).json().get("bytes").asLong();
        long[] received = {0};
        StepVerifier.create(HttpClient.create().baseUrl(emulator.baseUrl()).get().uri("/files/" + fileId + "/content")
                        .response((response, body) -> {
                            assertEquals(String.valueOf(size), response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH));
                            return body.doOnNext(buf -> received[0] += buf.readableBytes()).then();
                        }))
                .expectError()
                .verify(EmulatorHttp.TIMEOUT);
        assertTrue(received[0] < size, received[0] + " of " + size);
        assertEquals(1, emulator.stats().faults(FaultKind.TRUNCATE_DOWNLOAD));
    }

    @Test
    void dropAfterCreateCreatesTheBatchButSendsNoAnswer() {
        EmulatorHttp http = start(EmulatorOptions.defaults().withFaults(FaultOptions.none().withDropAfterCreateRate(1.0)), null);
        String fileId = http.upload(line("a"));
        var request = EmulatorJson.object();
        request.put("input_file_id", fileId);
        request.put("endpoint", "/v1/chat/completions");
        request.put("completion_window", "24h");
        request.putObject("metadata").put("client_token", "tok-123");
        StepVerifier.create(http.exchange(HttpMethod.POST, "/batches",
                        reactor.core.publisher.Flux.just(io.netty.buffer.Unpooled.wrappedBuffer(EmulatorJson.bytes(request))),
                        h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")))
                .expectError()
                .verify(EmulatorHttp.TIMEOUT);
        assertEquals(1, emulator.stats().batchesCreated());
        assertEquals(1, emulator.stats().faults(FaultKind.DROP_AFTER_CREATE));
        JsonNode listed = http.get("/batches").json().at("/data/0");
        assertEquals("tok-123", listed.at("/metadata/client_token").asString(), "the client can find it by its token");
    }
}
