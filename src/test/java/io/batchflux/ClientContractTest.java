package io.batchflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.batchflux.testing.ScriptedServer.json;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.json.WireJson;
import io.batchflux.testing.ScriptedServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What the public API promises beyond the happy path: another backend's answer shape, pages fetched only on
 * demand, a capped {@code Retry-After} while watching, downloads that keep resuming while they make progress, a
 * job cancel that reaches every shard, and a client that can be closed from reactive code.
 */
class ClientContractTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RetryPolicy FAST = RetryPolicy.defaults().withBackoff(Duration.ofMillis(1),
            Duration.ofMillis(5));

    private static BatchClient client(String baseUrl) {
        return BatchClient.create(BatchClientOptions.builder().apiKey("sk-test").baseUrl(baseUrl)
                .retryPolicy(FAST).build());
    }


    @Test
    void togethersJobWrapperOnCreateIsUnwrappedAndTheInputKept() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.uri().endsWith("/files")) {
                return req.receive().then(json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":10,"
                        + "\"filename\":\"batchinput.jsonl\",\"purpose\":\"batch\"}"));
            }
            if (req.uri().endsWith("/batches")) {
                return req.receive().then(json(res, 200, "{\"job\":{\"id\":\"batch_t\",\"status\":\"VALIDATING\","
                        + "\"created_at\":\"2025-01-01T00:00:00Z\",\"input_file_id\":\"file-1\"}}"));
            }
            return json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\",\"deleted\":true}");
        });
                BatchClient client = client(server.baseUrl())) {
            BatchRequest r = BatchRequest.post("r1", "/v1/chat/completions",
                    WireJson.mapper().readTree("{\"model\":\"m\",\"messages\":[]}"));
            StepVerifier.create(client.submit(Flux.just(r), SubmitOptions.defaults()))
                    .expectNextMatches(b -> b.id().equals("batch_t") && b.status().equals(BatchStatus.VALIDATING)
                            && "file-1".equals(b.inputFileId()))
                    .verifyComplete();
            assertEquals(List.of("POST", "POST"), server.received().stream().map(x -> x.method()).toList());
        }
    }

    @Test
    void anUnreadableCreateAnswerKeepsTheInputFileOfABatchThatMayExist() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> req.uri().endsWith("/files")
                ? req.receive().then(json(res, 200, "{\"id\":\"file-1\",\"object\":\"file\"}"))
                : req.receive().then(json(res, 200, "{\"surprise\":true}")));
                BatchClient client = client(server.baseUrl())) {
            BatchRequest r = BatchRequest.post("r1", "/v1/chat/completions",
                    WireJson.mapper().readTree("{\"model\":\"m\",\"messages\":[]}"));
            StepVerifier.create(client.submit(Flux.just(r), SubmitOptions.defaults()))
                    .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("the batch may exist"),
                            e.getMessage()))
                    .verify(WAIT);
            assertTrue(server.received().stream().noneMatch(x -> x.method().equals("DELETE")), "input kept");
        }
    }

    @Test
    void listAllFetchesPagesOnlyAsTheSubscriberDemands() throws InterruptedException {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"batch_" + n + "\",\"status\":\"completed\"}],"
                        + "\"last_id\":\"batch_" + n + "\",\"has_more\":true}"));
                BatchClient client = client(server.baseUrl())) {
            int[] fetched = new int[2];
            StepVerifier.create(client.batches().listAll(1), 1)
                    .expectNextCount(1)
                    .then(() -> {
                        pause(Duration.ofMillis(300));
                        fetched[0] = server.requestCount();
                        pause(Duration.ofMillis(300));
                        fetched[1] = server.requestCount();
                    })
                    .thenCancel()
                    .verify(WAIT);
            assertTrue(fetched[0] <= 3, "one batch demanded, " + fetched[0] + " pages fetched");
            assertEquals(fetched[0], fetched[1], "no page fetched without demand");
        }
    }

    @Test
    void watchEndsOnARetryAfterBeyondTheCapLikeAnyCall() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> res.status(429)
                .header("retry-after", "3600").sendString(Mono.just("{\"error\":{\"message\":\"slow\"}}")).then());
                BatchClient client = client(server.baseUrl())) {
            StepVerifier.create(client.watch("batch_1", PollingOptions.every(Duration.ofMillis(10))))
                    .expectError(BatchApiException.class)
                    .verify(WAIT);
        }
    }

    @Test
    void aDownloadThatBreaksMoreOftenThanTheRetriesButProgressesEachTimeFinishes() {
        byte[] content = new byte[60_000];
        Arrays.fill(content, (byte) 'x');
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            String range = req.requestHeaders().get("range");
            int from = range == null ? 0 : Integer.parseInt(range.substring(6, range.length() - 1));
            int length = Math.min(10_000, content.length - from);
            Flux<ByteBuf> body = Flux.just(Unpooled.wrappedBuffer(content, from, length));
            return res.status(range == null ? 200 : 206)
                    .header("content-length", Integer.toString(content.length - from))
                    .send(from + length == content.length ? body
                            : body.concatWith(Mono.error(new IOException("cut")))).then();
        });
                BatchClient client = client(server.baseUrl())) {
            // 4 retries by default; the body breaks 5 times, each time after 10,000 more bytes
            Long total = downloadedBytes(client, "file-out");
            assertEquals(content.length, total);
        }
    }

    @Test
    void aDownloadThatBrokeAfterItsLastByteIsCompleteWhenTheResumeIsOutOfRange() {
        byte[] content = new byte[20_000];
        Arrays.fill(content, (byte) 'y');
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            String range = req.requestHeaders().get("range");
            if (range == null) {
                // every byte, then the connection breaks before the end of the chunked body
                return res.status(200).send(Flux.just(Unpooled.wrappedBuffer(content))
                        .concatWith(Mono.error(new IOException("cut")))).then();
            }
            return res.status(416).header("content-range", "bytes */" + content.length).send().then();
        });
                BatchClient client = client(server.baseUrl())) {
            Long total = downloadedBytes(client, "file-out");
            assertEquals(content.length, total);
            assertEquals("bytes=20000-", server.received().get(1).range());
        }
    }

    @Test
    void cancellingAJobReachesEveryShardEvenWhenOneCannotBeCancelled() {
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("sk-test")
                        .withPerRequestDelay(Duration.ofSeconds(5)));
                BatchClient client = client(emulator.baseUrl())) {
            BatchRequest r = BatchRequest.post("1", "/v1/chat/completions",
                    WireJson.mapper().createObjectNode().put("model", "m"));
            Batch running = client.submit(Flux.just(r), SubmitOptions.defaults()).block(WAIT);
            BatchJob job = new BatchJob(List.of(new JobShard(0, 1, 1, 10, "file-gone", "batch_unknown"),
                    new JobShard(1, 2, 1, 10, running.inputFileId(), running.id()),
                    new JobShard(2, 3, 1, 10, "file-gone-too", "batch_unknown_too")), true);
            StepVerifier.create(client.cancel(job))
                    .expectNextMatches(b -> b.id().equals(running.id()))
                    .expectErrorSatisfies(e -> {
                        // the first failure, the later one in it: a BatchApiException a caller can catch
                        BatchApiException first = (BatchApiException) e;
                        assertTrue(first.getMessage().startsWith("GET /batches/batch_unknown failed"), first.getMessage());
                        assertEquals(1, first.getSuppressed().length);
                    })
                    .verify(WAIT);
            BatchStatus after = client.batches().retrieve(running.id()).block(WAIT).status();
            assertTrue(after.equals(BatchStatus.CANCELLING) || after.equals(BatchStatus.CANCELLED), after.value());
        }
    }

    @Test
    void anErrorPageIsReadOnlyAsFarAsItsMessageEvenWhenItNeverEnds() {
        byte[] filler = "<p>proxy error page</p>\n".repeat(1000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> res.status(502)
                .header("content-type", "text/html")
                .send(Flux.<ByteBuf>generate(sink -> sink.next(Unpooled.wrappedBuffer(filler)))).then());
                BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("sk-test")
                        .baseUrl(server.baseUrl()).retryPolicy(FAST.withMaxRetries(0)).build())) {
            StepVerifier.create(client.batches().retrieve("batch_1"))
                    .expectErrorSatisfies(e -> {
                        BatchApiException api = (BatchApiException) e;
                        assertEquals(502, api.statusCode());
                        assertTrue(api.getMessage().contains("proxy error page"), api.getMessage());
                    })
                    .verify(WAIT);
            StepVerifier.create(client.files().content("file-1"))
                    .expectErrorSatisfies(e -> assertEquals(502, ((BatchApiException) e).statusCode()))
                    .verify(WAIT);
        }
    }

    @Test
    void aSizedUploadFromASupplierReadsNothingBeforeSubscription() {
        try (BatchClient client = client("http://127.0.0.1:9/v1")) {
            java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
            Mono<FileObject> upload = client.files().upload(() -> {
                reads.incrementAndGet();
                return Flux.just(Unpooled.wrappedBuffer(new byte[] {'{', '}', '\n'}));
            }, UploadOptions.defaults().withSized(true));
            assertEquals(0, reads.get(), "cold: nothing read before subscription");
            assertTrue(upload != null);
        }
    }

    @Test
    void cancellingABatchThatHasEndedIsAnsweredOnceWithoutRetries() {
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("sk-test"));
                BatchClient client = client(emulator.baseUrl())) {
            BatchRequest r = BatchRequest.post("1", "/v1/chat/completions",
                    WireJson.mapper().createObjectNode().put("model", "m"));
            Batch batch = client.submit(Flux.just(r), SubmitOptions.defaults()).block(WAIT);
            client.watch(batch.id(), PollingOptions.every(Duration.ofMillis(20))).blockLast(WAIT);
            long before = emulator.stats().requestsServed();
            StepVerifier.create(client.batches().cancel(batch.id()))
                    .expectErrorSatisfies(e -> assertEquals(409, ((BatchApiException) e).statusCode()))
                    .verify(WAIT);
            assertEquals(before + 1, emulator.stats().requestsServed(), "a conflict no retry resolves is not retried");
        }
    }

    @Test
    void aClientClosedFromAReactiveCallbackClosesWithoutBlocking() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> json(res, 200,
                "{\"id\":\"batch_1\",\"status\":\"completed\"}"))) {
            BatchClient client = client(server.baseUrl());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            client.batches().retrieve("batch_1")
                    .doOnNext(b -> {
                        try {
                            client.close();
                        } catch (Throwable t) {
                            failure.set(t);
                        }
                    })
                    .block(WAIT);
            assertNull(failure.get(), () -> "close() threw: " + failure.get());
            StepVerifier.create(client.closeLater()).verifyComplete();
        }
    }

    /** The bytes {@code content(fileId)} delivers, each buffer released. */
    private static Long downloadedBytes(BatchClient client, String fileId) {
        return client.files().content(fileId)
                .map(b -> {
                    try {
                        return (long) b.readableBytes();
                    } finally {
                        b.release();
                    }
                })
                .reduce(0L, Long::sum).block(WAIT);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
