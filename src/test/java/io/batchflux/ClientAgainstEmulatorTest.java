package io.batchflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Every client call against the embedded emulator: the wire format both sides must agree on. */
class ClientAgainstEmulatorTest {
    private static final String KEY = "sk-emulator-test";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final PollingOptions FAST_POLL = PollingOptions.every(Duration.ofMillis(20));

    private static BatchEmulator emulator;
    private static BatchClient client;

    @BeforeAll
    static void start() {
        emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(KEY)
                .withValidationDelay(Duration.ofMillis(20)).withPerRequestDelay(Duration.ofMillis(1))
                .withFinalizingDelay(Duration.ofMillis(20)).withCancellingDelay(Duration.ofMillis(20))
                .withUploadIdleTimeout(Duration.ofSeconds(2)));
        client = BatchClient.create(BatchClientOptions.builder().apiKey(KEY).baseUrl(emulator.baseUrl()).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    private static String chatLine(String id, String content) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}}\n";
    }

    private static String text(Flux<ByteBuf> body) {
        StringBuilder sb = new StringBuilder();
        body.doOnNext(buf -> {
            try {
                sb.append(buf.toString(StandardCharsets.UTF_8));
            } finally {
                buf.release();
            }
        }).blockLast(WAIT);
        return sb.toString();
    }

    @Test
    void fileUploadedFromPathCanBeRetrievedDownloadedAndDeleted(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.jsonl");
        String jsonl = chatLine("a", "one") + chatLine("b", "two");
        Files.writeString(input, jsonl);
        FileObject file = client.files().upload(input, UploadOptions.defaults().withFilename("mine.jsonl")
                .withExpiresAfter(ExpiresAfter.afterCreation(Duration.ofHours(2)))).block(WAIT);
        assertNotNull(file);
        assertEquals("batch", file.purpose());
        assertEquals("mine.jsonl", file.filename());
        assertEquals((long) jsonl.length(), file.bytes());
        assertNotNull(file.expiresAt());
        assertEquals(file.id(), client.files().retrieve(file.id()).block(WAIT).id());
        assertEquals(jsonl, text(client.files().content(file.id())));
        Path copy = dir.resolve("copy.jsonl");
        assertEquals((long) jsonl.length(), client.files().download(file.id(), copy).block(WAIT));
        assertEquals(jsonl, Files.readString(copy));
        assertTrue(client.files().delete(file.id()).block(WAIT).deleted());
        StepVerifier.create(client.files().retrieve(file.id()))
                .expectErrorSatisfies(e -> assertTrue(((BatchApiException) e).isNotFound()))
                .verify(WAIT);
    }

    @Test
    void submittingNoRequestsIsNoRequestsExceptionAndStoresNoFile() {
        long filesBefore = client.files().list(null, null, 10_000).block(WAIT).data().size();
        StepVerifier.create(client.submit(BatchRequests.fromSpec(" /// \n ", "m"), SubmitOptions.defaults()))
                .expectError(NoRequestsException.class)
                .verify(WAIT);
        StepVerifier.create(client.submit(Flux.empty(), SubmitOptions.defaults()))
                .expectError(NoRequestsException.class)
                .verify(WAIT);
        assertEquals(filesBefore, client.files().list(null, null, 10_000).block(WAIT).data().size());
    }

    @Test
    void sizedUploadSendsAContentLength() {
        String jsonl = chatLine("a", "sized");
        FileObject file = client.files().upload(() -> Flux.just(Unpooled.copiedBuffer(jsonl, StandardCharsets.UTF_8)),
                UploadOptions.defaults().withSized(true)).block(WAIT);
        assertEquals(jsonl, text(client.files().content(file.id())));
    }

    @Test
    void batchLifecycleCreateRetrieveWatchResults() {
        FileObject file = client.files().upload(Flux.just(Unpooled.copiedBuffer(chatLine("r1", "Hello")
                + chatLine("r2", "bad [[fail:400]]"), StandardCharsets.UTF_8)), UploadOptions.defaults()).block(WAIT);
        Batch created = client.batches().create(CreateBatchParams.of(file.id()).withMetadata("team", "qa")
                .withOutputExpiresAfter(ExpiresAfter.afterCreation(Duration.ofDays(1)))).block(WAIT);
        assertEquals(BatchStatus.VALIDATING, created.status());
        assertEquals("qa", created.metadata().get("team"));
        assertEquals(file.id(), created.inputFileId());
        assertEquals("/v1/chat/completions", created.endpoint());
        assertEquals("24h", created.completionWindow());
        assertNotNull(created.createdAt());

        List<Batch> snapshots = client.watch(created.id(), FAST_POLL).collectList().block(WAIT);
        Batch done = snapshots.get(snapshots.size() - 1);
        assertEquals(BatchStatus.COMPLETED, done.status());
        assertEquals(new RequestCounts(2, 1, 1), done.requestCounts());
        assertNotNull(done.outputFileId());
        assertNotNull(done.errorFileId());
        assertNotNull(done.completedAt());
        assertEquals(done, client.batches().retrieve(created.id()).block(WAIT));

        List<BatchResult> results = client.results(done).collectList().block(WAIT);
        assertEquals(2, results.size());
        BatchResult.Succeeded ok = assertInstanceOf(BatchResult.Succeeded.class, results.get(0));
        assertEquals("r1", ok.customId());
        assertEquals("echo: Hello", ok.chatContent().orElseThrow());
        assertTrue(ok.usage().isPresent());
        BatchResult.Failed failed = assertInstanceOf(BatchResult.Failed.class, results.get(1));
        assertEquals("r2", failed.customId());
        assertEquals(400, failed.statusCode());
        assertNotNull(failed.error().message());
    }

    @Test
    void cancelMovesThroughCancellingToCancelled() {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            jsonl.append(chatLine("c" + i, "slow [[slow]]"));
        }
        FileObject file = client.files().upload(Flux.just(Unpooled.copiedBuffer(jsonl, StandardCharsets.UTF_8)),
                UploadOptions.defaults()).block(WAIT);
        Batch created = client.batches().create(CreateBatchParams.of(file.id())).block(WAIT);
        Batch cancelling = client.batches().cancel(created.id()).block(WAIT);
        assertTrue(cancelling.status().equals(BatchStatus.CANCELLING)
                || cancelling.status().equals(BatchStatus.CANCELLED), cancelling.status().value());
        Batch end = client.awaitCompletion(created.id(), FAST_POLL).block(WAIT);
        assertEquals(BatchStatus.CANCELLED, end.status());
        assertNotNull(end.cancelledAt());
    }

    @Test
    void listPagesNewestFirstAndListAllFollowsHasMore() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FileObject file = client.files().upload(Flux.just(Unpooled.copiedBuffer(chatLine("p", "page " + i),
                    StandardCharsets.UTF_8)), UploadOptions.defaults()).block(WAIT);
            ids.add(0, client.batches().create(CreateBatchParams.of(file.id())).block(WAIT).id());
        }
        BatchPage first = client.batches().list(null, 2).block(WAIT);
        assertEquals(ids.subList(0, 2), first.data().stream().map(Batch::id).toList());
        assertTrue(first.hasMore());
        assertEquals(ids.get(1), first.lastId());
        BatchPage second = client.batches().list(first.lastId(), 2).block(WAIT);
        assertEquals(ids.subList(2, 4), second.data().stream().map(Batch::id).toList());
        List<String> all = client.batches().listAll(2).map(Batch::id).collectList().block(WAIT);
        assertTrue(all.size() >= 5);
        assertEquals(ids, all.subList(0, 5), "newest first across pages, none twice");
        assertEquals(all.size(), all.stream().distinct().count());
    }

    @Test
    void unknownBatchIs404WithTheServersMessage() {
        StepVerifier.create(client.batches().retrieve("batch_doesnotexist"))
                .expectErrorSatisfies(e -> {
                    BatchApiException api = assertInstanceOf(BatchApiException.class, e);
                    assertEquals(404, api.statusCode());
                    assertNotNull(api.serverMessage());
                    assertTrue(api.getMessage().contains("batch_doesnotexist"), api.getMessage());
                })
                .verify(WAIT);
    }

    @Test
    void wrongKeyIs401AndTheKeyIsNotEchoed() {
        try (BatchClient wrong = BatchClient.create(client.options().mutate().apiKey("sk-wrong-key-123").build())) {
            StepVerifier.create(wrong.batches().list(null, 1))
                    .expectErrorSatisfies(e -> {
                        BatchApiException api = assertInstanceOf(BatchApiException.class, e);
                        assertEquals(401, api.statusCode());
                        assertTrue(api.isAuthenticationError());
                        assertFalse(api.getMessage().contains("sk-wrong-key-123"), api.getMessage());
                    })
                    .verify(WAIT);
        }
    }

    @Test
    void badCreateParametersComeBackAsA400NamingTheParameter() {
        StepVerifier.create(client.batches().create(CreateBatchParams.of("file-nope")))
                .expectErrorSatisfies(e -> {
                    BatchApiException api = assertInstanceOf(BatchApiException.class, e);
                    assertEquals(400, api.statusCode());
                    assertNotNull(api.serverMessage());
                })
                .verify(WAIT);
    }

    @Test
    void runSubmitsWatchesAndReportsEveryRequestOnce() {
        Flux<BatchRequest> requests = BatchRequests.fromSpec(
                "system: be brief || user: Hello /// user: How are you? /// user: broken [[fail:500]]", "gpt-4o-mini");
        List<BatchEvent> events = client.run(requests, SubmitOptions.defaults().withMetadata(Map.of("via", "run")),
                FAST_POLL).collectList().block(WAIT);
        BatchEvent.Submitted submitted = assertInstanceOf(BatchEvent.Submitted.class, events.get(0));
        assertEquals(3, submitted.requests());
        List<BatchResult> results = events.stream().filter(e -> e instanceof BatchEvent.Result)
                .map(e -> ((BatchEvent.Result) e).result()).toList();
        assertEquals(List.of("001", "002", "003"), results.stream().map(BatchResult::customId).sorted().toList());
        assertEquals(2, results.stream().filter(BatchResult::isSuccess).count());
        BatchEvent.Progress last = (BatchEvent.Progress) events.stream()
                .filter(e -> e instanceof BatchEvent.Progress).reduce((a, b) -> b).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, last.batch().status());
        assertEquals("run", last.batch().metadata().get("via"));
    }

    @Test
    void invalidSpecUploadsNothingAndCreatesNoBatch() {
        long uploadsBefore = emulator.stats().uploadsCompleted();
        long batchesBefore = emulator.stats().batchesCreated();
        Flux<BatchRequest> requests = BatchRequests.fromSpec("user: fine /// no colon here", "gpt-4o-mini");
        StepVerifier.create(client.submit(requests, SubmitOptions.defaults()))
                .expectErrorSatisfies(e -> {
                    RequestSpecException spec = assertInstanceOf(RequestSpecException.class, e);
                    assertEquals(2, spec.requestNumber());
                })
                .verify(WAIT);
        assertEquals(uploadsBefore, emulator.stats().uploadsCompleted());
        assertEquals(batchesBefore, emulator.stats().batchesCreated());
        awaitNoUploadInProgress();
    }

    /** The aborted upload is discarded: no temporary file is left behind on the server. */
    private static void awaitNoUploadInProgress() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (emulator.temporaryFileCount() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, emulator.temporaryFileCount(), "the aborted upload's temporary file must be gone");
    }

    @Test
    void emptyRequestStreamUploadsNothing() {
        long uploadsBefore = emulator.stats().uploadsCompleted();
        StepVerifier.create(client.submit(Flux.empty(), SubmitOptions.defaults()))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("no requests"), e.getMessage()))
                .verify(WAIT);
        assertEquals(uploadsBefore, emulator.stats().uploadsCompleted());
    }

    @Test
    void limitExceededWhileStreamingUploadsNothing() {
        long uploadsBefore = emulator.stats().uploadsCompleted();
        Flux<BatchRequest> requests = BatchRequests.fromSpec("user: a /// user: b /// user: c", "m");
        StepVerifier.create(client.submit(requests, SubmitOptions.defaults().withLimits(2, 1_000_000)))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("2"), e.getMessage()))
                .verify(WAIT);
        assertEquals(uploadsBefore, emulator.stats().uploadsCompleted());
    }

    @Test
    void requestForAnotherEndpointIsRejectedBeforeUploading() {
        Flux<BatchRequest> requests = Flux.just(BatchRequest.post("x", "/v1/embeddings",
                io.batchflux.json.WireJson.mapper().createObjectNode().put("input", "hi")));
        StepVerifier.create(client.submit(requests, SubmitOptions.defaults()))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("/v1/embeddings"), e.getMessage()))
                .verify(WAIT);
    }

    @Test
    void completedBatchWithoutOutputFileGivesOnlyErrorResults() {
        Flux<BatchRequest> requests = BatchRequests.fromSpec("user: x [[fail:400]] /// user: y [[fail:422]]", "m");
        Batch batch = client.submit(requests, SubmitOptions.defaults())
                .flatMap(b -> client.awaitCompletion(b.id(), FAST_POLL)).block(WAIT);
        assertEquals(BatchStatus.COMPLETED, batch.status());
        assertNull(batch.outputFileId());
        List<BatchResult> results = client.results(batch.id()).collectList().block(WAIT);
        assertEquals(2, results.size());
        assertTrue(results.stream().noneMatch(BatchResult::isSuccess));
    }
}
