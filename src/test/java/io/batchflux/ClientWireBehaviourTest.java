package io.batchflux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static io.batchflux.testing.ScriptedServer.json;

import io.batchflux.testing.ScriptedServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.test.StepVerifier;

/** The client's wire behaviour against a scripted server: error decoding, retries, resumption, prefixes. */
class ClientWireBehaviourTest {
    private static final String BATCH = "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"in_progress\","
            + "\"created_at\":1730000000,\"request_counts\":{\"total\":3,\"completed\":1,\"failed\":0},"
            + "\"brand_new_field\":{\"x\":1}}";
    private static final RetryPolicy FAST = RetryPolicy.defaults().withBackoff(Duration.ofMillis(1),
            Duration.ofMillis(5));

    private static BatchClient client(ScriptedServer server, RetryPolicy retry) {
        return BatchClient.create(BatchClientOptions.builder().apiKey("sk-test-secret").baseUrl(server.baseUrl())
                .retryPolicy(retry).build());
    }

    private static Mono<Void> json(HttpServerResponse res, int status, String body) {
        return res.status(status).header("content-type", "application/json").header("x-request-id", "req_42")
                .sendString(Mono.just(body)).then();
    }

    @Test
    void errorAnswerBecomesApiExceptionWithOpenAiFieldsAndRequestId() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 404,
                "{\"error\":{\"message\":\"No batch found with id 'batch_x'.\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"batch_id\",\"code\":\"batch_not_found\"}}"));
                BatchClient client = client(server, FAST)) {
            StepVerifier.create(client.batches().retrieve("batch_x"))
                    .expectErrorSatisfies(e -> {
                        BatchApiException api = assertInstanceOf(BatchApiException.class, e);
                        assertEquals(404, api.statusCode());
                        assertTrue(api.isNotFound());
                        assertEquals("invalid_request_error", api.type());
                        assertEquals("batch_not_found", api.code());
                        assertEquals("batch_id", api.param());
                        assertEquals("req_42", api.requestId());
                        assertEquals("GET /batches/batch_x", api.call());
                        assertTrue(api.getMessage().contains("No batch found with id 'batch_x'."), api.getMessage());
                        assertFalse(api.getMessage().contains("sk-test-secret"));
                    })
                    .verify(Duration.ofSeconds(10));
            assertEquals(1, server.requestCount(), "a 404 is not retried");
            assertEquals("Bearer sk-test-secret", server.received().get(0).authorization());
            assertEquals("/v1/batches/batch_x", server.received().get(0).uri());
        }
    }

    @Test
    void missingApiKeyFailsBeforeAnyIo() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 200, BATCH));
                BatchClient client = BatchClient.create(BatchClientOptions.builder().baseUrl(server.baseUrl())
                        .build())) {
            StepVerifier.create(client.batches().retrieve("batch_1"))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(MissingApiKeyException.class, e);
                        assertTrue(e.getMessage().contains("OPENAI_API_KEY"));
                    })
                    .verify(Duration.ofSeconds(10));
            assertEquals(0, server.requestCount());
        }
    }

    @Test
    void rateLimitIsRetriedAfterTheServersHintAndUnknownFieldsAreIgnored() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> n < 2
                ? res.status(429).header("retry-after-ms", "20").sendString(Mono.just(
                        "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"))
                        .then()
                : json(res, 200, BATCH));
                BatchClient client = client(server, FAST)) {
            Batch batch = client.batches().retrieve("batch_1").block(Duration.ofSeconds(10));
            assertEquals("batch_1", batch.id());
            assertEquals(BatchStatus.IN_PROGRESS, batch.status());
            assertEquals(new RequestCounts(3, 1, 0), batch.requestCounts());
            assertEquals(3, server.requestCount());
        }
    }

    @Test
    void insufficientQuotaIsNeverRetried() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 429,
                "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                        + "\"code\":\"insufficient_quota\"}}"));
                BatchClient client = client(server, FAST)) {
            StepVerifier.create(client.batches().retrieve("batch_1"))
                    .expectErrorSatisfies(e -> assertTrue(((BatchApiException) e).isQuotaExhausted()))
                    .verify(Duration.ofSeconds(10));
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void shouldRetryFalseHeaderStopsRetries() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> res.status(500)
                .header("x-should-retry", "false").sendString(Mono.just("oops")).then());
                BatchClient client = client(server, FAST)) {
            StepVerifier.create(client.batches().retrieve("batch_1"))
                    .expectErrorSatisfies(e -> assertEquals("oops", ((BatchApiException) e).serverMessage()))
                    .verify(Duration.ofSeconds(10));
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void exhaustedRetriesCarryEveryAttemptsCause() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 503,
                "{\"error\":{\"message\":\"attempt " + n + "\",\"type\":\"server_error\"}}"));
                BatchClient client = client(server, FAST.withMaxRetries(2))) {
            StepVerifier.create(client.batches().retrieve("batch_1"))
                    .expectErrorSatisfies(e -> {
                        assertEquals("attempt 2", ((BatchApiException) e).serverMessage());
                        assertEquals(2, e.getSuppressed().length);
                        assertEquals("attempt 0", ((BatchApiException) e.getSuppressed()[0]).serverMessage());
                    })
                    .verify(Duration.ofSeconds(10));
            assertEquals(3, server.requestCount());
        }
    }

    @Test
    void batchCreatedBeforeTheConnectionDroppedIsFoundByItsTokenNotCreatedTwice() {
        java.util.concurrent.atomic.AtomicReference<String> token = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.method().name().equals("POST")) {
                posts.incrementAndGet();
                // the server creates the batch, then the connection drops before the answer
                return req.receive().aggregate().asString().doOnNext(body -> token.set(
                                io.batchflux.json.WireJson.mapper().readTree(body).path("metadata")
                                        .path("batchflux_token").asString()))
                        .then(Mono.fromRunnable(() -> res.withConnection(c -> c.channel().close())))
                        .then(Mono.never());
            }
            return json(res, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"batch_other\",\"status\":"
                    + "\"completed\"},{\"id\":\"batch_mine\",\"status\":\"validating\",\"metadata\":"
                    + "{\"batchflux_token\":\"" + token.get() + "\"}}],\"has_more\":false}");
        });
                BatchClient client = client(server, FAST)) {
            Batch batch = client.batches().create(CreateBatchParams.of("file-1")).block(Duration.ofSeconds(10));
            assertEquals("batch_mine", batch.id());
            assertEquals(1, posts.get(), "an ambiguous failure must not create a second batch");
            assertEquals("GET", server.received().get(1).method());
        }
    }

    @Test
    void batchNotFoundByItsTokenAfterAnAmbiguousFailureIsCreatedAgain() {
        java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.method().name().equals("POST") && posts.getAndIncrement() == 0) {
                // the connection drops before the server took the request
                return req.receive().then(Mono.fromRunnable(() -> res.withConnection(c -> c.channel().close())))
                        .then(Mono.never());
            }
            if (req.method().name().equals("POST")) {
                return req.receive().then(json(res, 200, BATCH));
            }
            return json(res, 200, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
        });
                BatchClient client = client(server, FAST)) {
            assertEquals("batch_1", client.batches().create(CreateBatchParams.of("file-1"))
                    .block(Duration.ofSeconds(10)).id());
            assertEquals(2, posts.get());
        }
    }

    @Test
    void creationWithoutRoomForATokenIsNotRepeatedAfterAnAmbiguousFailure() {
        java.util.Map<String, String> full = new java.util.HashMap<>();
        for (int i = 0; i < 16; i++) {
            full.put("k" + i, "v");
        }
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> req.receive().then()
                .then(Mono.fromRunnable(() -> res.withConnection(c -> c.channel().close()))).then(Mono.never()));
                BatchClient client = client(server, FAST)) {
            StepVerifier.create(client.batches().create(CreateBatchParams.of("file-1").withMetadata(full)))
                    .expectErrorSatisfies(e -> {
                        BatchTransportException t = assertInstanceOf(BatchTransportException.class, e);
                        assertTrue(t.mayHaveBeenProcessed());
                        assertEquals("POST /batches", t.call());
                    })
                    .verify(Duration.ofSeconds(10));
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void connectionRefusedIsATransportErrorThatProvablySentNothing() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("k")
                .baseUrl("http://127.0.0.1:" + port + "/v1").retryPolicy(FAST.withMaxRetries(1)).build())) {
            StepVerifier.create(client.batches().list(null, 5))
                    .expectErrorSatisfies(e -> {
                        BatchTransportException t = assertInstanceOf(BatchTransportException.class, e);
                        assertFalse(t.mayHaveBeenProcessed());
                        assertTrue(t.getMessage().contains("cannot connect"), t.getMessage());
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void aOneDigitPortIsAPortNotPartOfTheHostName() {
        // reactor-netty 1.3.7 parses a String URI's port only when it has 2-5 digits (reactor/reactor-netty#4357):
        // "127.0.0.1:1" became a host name, and a refused port was reported as an unresolvable host
        int port = IntStream.rangeClosed(1, 9).filter(ClientWireBehaviourTest::refusesConnections).findFirst()
                .orElse(-1);
        assumeTrue(port > 0, "every port from 1 to 9 on 127.0.0.1 accepts connections");
        try (BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("k")
                .baseUrl("http://127.0.0.1:" + port + "/v1").retryPolicy(FAST.withMaxRetries(0)).build())) {
            StepVerifier.create(client.batches().list(null, 5))
                    .expectErrorSatisfies(e -> {
                        BatchTransportException t = assertInstanceOf(BatchTransportException.class, e);
                        assertTrue(t.getMessage().contains("cannot connect")
                                && t.getMessage().contains("127.0.0.1:" + port + ")"), t.getMessage());
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    private static boolean refusesConnections(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
            return false;
        } catch (java.net.ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void brokenDownloadIsResumedWithRangeAndEveryByteArrivesOnce() {
        byte[] content = content(200_000);
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            String range = req.requestHeaders().get("range");
            if (range == null) {
                // first attempt: promise everything, send a part, then break the connection
                return res.status(200).header("content-length", Integer.toString(content.length))
                        .send(Flux.just(Unpooled.wrappedBuffer(content, 0, 70_000))
                                .concatWith(Mono.error(new IOException("cut"))))
                        .then();
            }
            int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            return res.status(206).header("content-range", "bytes " + from + "-" + (content.length - 1) + "/"
                            + content.length)
                    .header("content-length", Integer.toString(content.length - from))
                    .send(Mono.just(Unpooled.wrappedBuffer(content, from, content.length - from))).then();
        });
                BatchClient client = client(server, FAST)) {
            assertArrayEquals(content, collect(client.files().content("file-out")));
            assertEquals(2, server.requestCount());
            String range = server.received().get(1).range();
            assertTrue(range.startsWith("bytes=") && !range.equals("bytes=0-"), range);
        }
    }

    @Test
    void resumedDownloadSkipsWhatWasDeliveredWhenTheServerIgnoresRange() {
        byte[] content = content(150_000);
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> n == 0
                ? res.status(200).header("content-length", Integer.toString(content.length))
                        .send(Flux.just(Unpooled.wrappedBuffer(content, 0, 50_000))
                                .concatWith(Mono.error(new IOException("cut"))))
                        .then()
                : res.status(200).header("content-length", Integer.toString(content.length))
                        .send(Mono.just(Unpooled.wrappedBuffer(content))).then());
                BatchClient client = client(server, FAST)) {
            assertArrayEquals(content, collect(client.files().content("file-out")));
        }
    }

    @Test
    void completedBatchWhoseFilesHoldFewerLinesThanItsCountsEndsWithIncompleteResults() {
        String line = "{\"id\":\"batch_req_1\",\"custom_id\":\"r1\",\"response\":{\"status_code\":200,"
                + "\"request_id\":\"q\",\"body\":{}},\"error\":null}\n";
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> res.status(200)
                .sendString(Mono.just(line)).then());
                BatchClient client = client(server, FAST)) {
            Batch batch = io.batchflux.json.WireJson.mapper().readValue("{\"id\":\"batch_1\",\"status\":"
                    + "\"completed\",\"output_file_id\":\"file-out\",\"request_counts\":{\"total\":3,"
                    + "\"completed\":3,\"failed\":0}}", Batch.class);
            StepVerifier.create(client.results(batch))
                    .expectNextMatches(r -> r.customId().equals("r1"))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(IncompleteResultsException.class, e);
                        assertTrue(e.getMessage().contains("reports 3 finished requests"), e.getMessage());
                        assertTrue(e.getMessage().contains("hold 1 result lines"), e.getMessage());
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void basePathPrefixIsKept() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 200,
                "{\"object\":\"list\",\"data\":[],\"first_id\":null,\"last_id\":null,\"has_more\":false}"));
                BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("k")
                        .baseUrl("http://127.0.0.1:" + server.port() + "/openai/v1/").build())) {
            BatchPage page = client.batches().list("batch_9", 7).block(Duration.ofSeconds(10));
            assertTrue(page.data().isEmpty());
            assertNull(page.nextCursor());
            assertEquals("/openai/v1/batches?limit=7&after=batch_9", server.received().get(0).uri());
        }
    }

    @Test
    void apiKeyHeaderCanBeAzureStyle() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 200,
                req.requestHeaders().get("api-key") != null ? BATCH : "{}"));
                BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("azure-key")
                        .apiKeyHeader("api-key").baseUrl(server.baseUrl()).build())) {
            assertEquals("batch_1", client.batches().retrieve("batch_1").block(Duration.ofSeconds(10)).id());
            assertNull(server.received().get(0).authorization());
        }
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    private static byte[] collect(Flux<ByteBuf> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.doOnNext(buf -> {
            try {
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                out.writeBytes(chunk);
            } finally {
                buf.release();
            }
        }).blockLast(Duration.ofSeconds(20));
        return out.toByteArray();
    }

    @Test
    void optionsNeverShowTheKey() {
        BatchClientOptions options = BatchClientOptions.builder().apiKey("sk-very-secret").build();
        assertFalse(options.toString().contains("sk-very-secret"));
        assertEquals(BatchClientOptions.DEFAULT_BASE_URL, options.baseUrl());
        assertTrue(options.baseUrl().startsWith("https://"));
    }
}
