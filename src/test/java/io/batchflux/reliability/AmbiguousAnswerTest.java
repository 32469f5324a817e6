package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.batchflux.testing.ScriptedServer.json;

import io.batchflux.Batch;
import io.batchflux.BatchApiException;
import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.BatchRequest;
import io.batchflux.CreateBatchParams;
import io.batchflux.FileObject;
import io.batchflux.RetryPolicy;
import io.batchflux.ShardCreated;
import io.batchflux.SubmitOptions;
import io.batchflux.UploadOptions;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.emulator.FaultOptions;
import io.batchflux.emulator.RouteKind;
import io.batchflux.json.WireJson;
import io.batchflux.testing.ScriptedServer;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * An unsafe call ({@code POST /batches}, {@code POST /files}) whose answer leaves unknown whether the server acted
 * (a gateway's 5xx, a lost connection) never makes a second object, and what is cleaned up afterwards is only ever
 * this call's own: never another upload's file, never the input of a batch that may exist.
 */
class AmbiguousAnswerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final RetryPolicy FAST = RetryPolicy.defaults().withBackoff(Duration.ofMillis(1),
            Duration.ofMillis(5));

    private static BatchClient client(String baseUrl) {
        return BatchClient.create(BatchClientOptions.builder().apiKey("sk-test").baseUrl(baseUrl)
                .retryPolicy(FAST).build());
    }


    private static String batchJson(String id, String token) {
        return "{\"id\":\"" + id + "\",\"object\":\"batch\",\"status\":\"validating\",\"input_file_id\":\"file-1\","
                + "\"metadata\":{\"batchflux_token\":\"" + token + "\"}}";
    }

    private static BatchRequest request(String id) {
        return BatchRequest.post(id, "/v1/chat/completions",
                WireJson.mapper().readTree("{\"model\":\"m\",\"messages\":[]}"));
    }

    @Test
    void aGatewayTimeoutOnCreateIsCheckedByTokenAndMakesNoSecondBatch() {
        List<String> created = new CopyOnWriteArrayList<>();
        AtomicInteger posts = new AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.method().name().equals("POST")) {
                int p = posts.getAndIncrement();
                return req.receive().aggregate().asString().flatMap(body -> {
                    String token = WireJson.mapper().readTree(body).path("metadata").path("batchflux_token")
                            .asString();
                    created.add(batchJson("batch_" + p, token));
                    // the server behind the gateway made the batch; the gateway timed out first
                    return p == 0 ? json(res, 504, "<html>504 Gateway Time-out</html>")
                            : json(res, 200, batchJson("batch_" + p, token));
                });
            }
            return json(res, 200, "{\"object\":\"list\",\"data\":[" + String.join(",", created)
                    + "],\"has_more\":false}");
        });
                BatchClient client = client(server.baseUrl())) {
            Batch batch = client.batches().create(CreateBatchParams.of("file-1")).block(WAIT);
            assertEquals("batch_0", batch.id());
            assertEquals(1, created.size(), "POST /batches was repeated after a 504: " + created);
            assertEquals(List.of("POST", "GET"), server.received().stream().map(r -> r.method()).toList());
        }
    }

    @Test
    void aServerErrorOnCreateWhoseTokenIsNotFoundCreatesOnce() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> n == 0
                ? json(res, 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")
                : req.method().name().equals("GET")
                        ? json(res, 200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}")
                        : req.receive().then(json(res, 200, batchJson("batch_1", "t"))));
                BatchClient client = client(server.baseUrl())) {
            assertEquals("batch_1", client.batches().create(CreateBatchParams.of("file-1")).block(WAIT).id());
            assertEquals(List.of("POST", "GET", "POST"), server.received().stream().map(r -> r.method()).toList());
        }
    }

    @Test
    void anAmbiguousCreateWhoseLookupFailsKeepsTheInputFileAndSaysTheBatchMayExist() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.method().name().equals("POST") && req.uri().endsWith("/files")) {
                return req.receive().then(json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\"}"));
            }
            if (req.method().name().equals("POST")) {
                return req.receive().then(json(res, 502, "<html>Bad Gateway</html>"));
            }
            if (req.method().name().equals("GET")) {
                // a compatible server without the batch list
                return res.status(404).header("x-should-retry", "false").sendString(Mono.just("Not Found")).then();
            }
            return json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\",\"deleted\":true}");
        });
                BatchClient client = client(server.baseUrl())) {
            StepVerifier.create(client.submit(Flux.just(request("r1")), SubmitOptions.defaults()))
                    .expectErrorSatisfies(e -> {
                        assertTrue(e.getMessage().contains("the batch may exist: the file was kept"), e.getMessage());
                        BatchApiException cause = assertInstanceOf(BatchApiException.class, e.getCause());
                        assertEquals(502, cause.statusCode());
                        assertEquals(1, cause.getSuppressed().length, "the failed lookup rides along");
                    })
                    .verify(WAIT);
            assertTrue(server.received().stream().noneMatch(r -> r.method().equals("DELETE")),
                    "the input of a batch that may exist was deleted: " + server.received());
        }
    }

    @Test
    void aCleanRefusalAfterAnAmbiguousAttemptStillKeepsTheInputFile() {
        AtomicInteger creates = new AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.method().name().equals("POST") && req.uri().endsWith("/files")) {
                return req.receive().then(json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\"}"));
            }
            if (req.method().name().equals("POST")) {
                // the first create may have worked behind the gateway; the list does not show it yet
                return req.receive().then(creates.getAndIncrement() == 0
                        ? json(res, 504, "<html>Gateway Time-out</html>")
                        : json(res, 429, "{\"error\":{\"message\":\"quota\",\"code\":\"insufficient_quota\"}}"));
            }
            if (req.method().name().equals("GET")) {
                return json(res, 200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
            }
            return json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\",\"deleted\":true}");
        });
                BatchClient client = client(server.baseUrl())) {
            assertSubmitFailsKeepingItsInput(client, server);
        }
    }

    @Test
    void aNullSuccessAnswerToCreateKeepsTheInputFile() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> req.uri().endsWith("/files")
                ? req.receive().then(json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\"}"))
                : req.method().name().equals("GET")
                        ? json(res, 200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}")
                        : req.receive().then(json(res, 200, "null")));
                BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("sk-test")
                        .baseUrl(server.baseUrl()).retryPolicy(FAST.withMaxRetries(0)).build())) {
            assertSubmitFailsKeepingItsInput(client, server);
        }
    }

    /** A submit of one request fails saying its batch may exist, and nothing is deleted. */
    private static void assertSubmitFailsKeepingItsInput(BatchClient client, ScriptedServer server) {
        StepVerifier.create(client.submit(Flux.just(request("r1")), SubmitOptions.defaults()))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("the batch may exist"), e.getMessage()))
                .verify(WAIT);
        assertTrue(server.received().stream().noneMatch(r -> r.method().equals("DELETE")),
                server.received().toString());
    }

    @Test
    void anUploadUnderTheCallersFilenameIsNotSentAgainAfterALostAnswer() {
        byte[] content = "{\"custom_id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> req.receive().then(
                json(res, 500, "{\"error\":{\"message\":\"stored, then failed\"}}")));
                BatchClient client = client(server.baseUrl())) {
            StepVerifier.create(client.files().upload(() -> Flux.just(Unpooled.wrappedBuffer(content)),
                            UploadOptions.defaults().withFilename("mine.jsonl")))
                    .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains(
                            "the server may have stored it as mine.jsonl"), e.getMessage()))
                    .verify(WAIT);
            assertEquals(1, server.requestCount(), "one attempt, no sweep: the name is the caller's");
        }
    }

    @Test
    void anUploadRefusedWith429IsRepeatedWithoutSweepingAnyFile() {
        byte[] content = "{\"custom_id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);
        AtomicInteger posts = new AtomicInteger();
        long now = System.currentTimeMillis() / 1000;
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.method().name().equals("POST")) {
                return req.receive().then().then(posts.getAndIncrement() == 0
                        ? res.status(429).header("retry-after-ms", "1").sendString(Mono.just(
                                "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}")).then()
                        : json(res, 200, "{\"id\":\"file-mine\",\"object\":\"file\",\"bytes\":" + content.length
                                + ",\"created_at\":" + now + ",\"filename\":\"batchinput.jsonl\","
                                + "\"purpose\":\"batch\"}"));
            }
            return json(res, 200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
        });
                BatchClient client = client(server.baseUrl())) {
            FileObject file = client.files().upload(() -> Flux.just(Unpooled.wrappedBuffer(content)),
                    UploadOptions.defaults()).block(WAIT);
            assertEquals("file-mine", file.id());
            assertEquals(List.of("POST", "POST"), server.received().stream().map(r -> r.method()).toList(),
                    "a 429 stored nothing: no lookup, no delete");
        }
    }

    @Test
    void theSweepAfterAServerErrorDeletesOnlyThisUploadsOwnTaggedCopy() {
        byte[] content = "{\"custom_id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);
        List<String> names = new CopyOnWriteArrayList<>();
        List<String> deleted = new CopyOnWriteArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            String m = req.method().name();
            if (m.equals("POST")) {
                return req.receive().aggregate().asString().flatMap(body -> {
                    String name = body.replaceAll("(?s).*filename=\"([^\"]+)\".*", "$1");
                    names.add(name);
                    return names.size() == 1 ? json(res, 500, "{\"error\":{\"message\":\"stored, then failed\"}}")
                            : json(res, 200, file("file-mine", name, content.length, now));
                });
            }
            if (m.equals("GET")) {
                String mine = names.get(0);
                return json(res, 200, "{\"object\":\"list\",\"data\":[" + file("file-orphan", mine, content.length, now)
                        + "," + file("file-mine", mine, content.length, now) + ","
                        + file("file-theirs", "batchinput.jsonl", content.length, now) + ","
                        + file("file-other-upload", "batchinput-0123456789ab.jsonl", content.length, now)
                        + "],\"has_more\":false}");
            }
            deleted.add(req.uri());
            return json(res, 200, "{\"id\":\"x\",\"object\":\"file\",\"deleted\":true}");
        });
                BatchClient client = client(server.baseUrl())) {
            FileObject file = client.files().upload(() -> Flux.just(Unpooled.wrappedBuffer(content)),
                    UploadOptions.defaults()).block(WAIT);
            assertEquals("file-mine", file.id());
            assertTrue(names.get(0).matches("batchinput-[0-9a-f]{12}\\.jsonl"), names.get(0));
            assertEquals(names.get(0), names.get(1), "every attempt of one upload bears its tag");
            assertEquals(List.of("/v1/files/file-orphan"), deleted);
        }
    }

    private static String file(String id, String name, int bytes, long createdAt) {
        return "{\"id\":\"" + id + "\",\"object\":\"file\",\"bytes\":" + bytes + ",\"created_at\":" + createdAt
                + ",\"filename\":\"" + name + "\",\"purpose\":\"batch\"}";
    }

    /** A seed whose first upload is answered and whose second is stored, then its answer dropped. */
    private static long seedDroppingTheSecondUpload() {
        for (long seed = 1; ; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            if (random.nextDouble() >= 0.5 && random.nextDouble() < 0.5) {
                return seed;
            }
        }
    }

    @Test
    void aShardWhoseUploadAnswerIsLostNeverDeletesTheInputOfTheShardBefore() {
        FaultOptions faults = FaultOptions.none().withDropAfterUploadRate(0.5).withSeed(seedDroppingTheSecondUpload())
                .onlyOn(Set.of(RouteKind.UPLOAD_FILE));
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("k").withFaults(faults)
                        .withValidationDelay(Duration.ofSeconds(30)));
                BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("k")
                        .baseUrl(emulator.baseUrl()).retryPolicy(FAST).build())) {
            // twenty requests of equal size: two shards whose files have the same size
            Flux<BatchRequest> requests = Flux.range(1, 20).map(i -> request(String.format("%06d", i)));
            List<ShardCreated> created = new ArrayList<>();
            client.submitShards(requests, SubmitOptions.defaults().withLimits(10, 10_000_000))
                    .doOnNext(created::add)
                    .onErrorResume(e -> Mono.empty())
                    .blockLast(WAIT);
            assertTrue(created.size() >= 1, "the first shard was created");
            for (ShardCreated shard : created) {
                assertNotNull(client.files().retrieve(shard.shard().inputFileId()).block(WAIT),
                        "the input of batch " + shard.batch().id() + " is still there");
            }
            assertEquals(created.size(), emulator.storedFileCount(), "one file per created shard, no orphan");
        }
    }
}
