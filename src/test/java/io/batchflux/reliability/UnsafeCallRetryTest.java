package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.CreateBatchParams;
import io.batchflux.FileObject;
import io.batchflux.RetryPolicy;
import io.batchflux.UploadOptions;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.emulator.FaultKind;
import io.batchflux.emulator.FaultOptions;
import io.batchflux.emulator.RouteKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Non-idempotent calls ({@code POST /batches}, {@code POST /files}) are repeated only when that cannot make a
 * second object: a create whose answer was lost is found by its token, a Path upload answered 429/500 is sent
 * again, and a one-shot Flux that would need re-sending fails with a clear error.
 */
class UnsafeCallRetryTest {
    private static final String KEY = "sk-unsafe";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final RetryPolicy FAST = RetryPolicy.defaults()
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).withMaxRetries(10);

    private static BatchClient client(BatchEmulator emulator) {
        return BatchClient.create(BatchClientOptions.builder().apiKey(KEY).baseUrl(emulator.baseUrl())
                .retryPolicy(FAST).build());
    }

    private static String line(String id) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
    }

    @Test
    void createWhoseAnswerWasDroppedReturnsTheOneBatchCreated() {
        EmulatorOptions options = EmulatorOptions.defaults().withApiKey(KEY)
                .withFaults(FaultOptions.none().withDropAfterCreateRate(1.0).onlyOn(Set.of(RouteKind.CREATE_BATCH)));
        try (BatchEmulator emulator = BatchEmulator.start(options); BatchClient client = client(emulator)) {
            FileObject file = client.files().upload(Flux.just(Unpooled.copiedBuffer(line("a"), StandardCharsets.UTF_8)),
                    UploadOptions.defaults()).block(WAIT);
            Batch batch = client.batches().create(CreateBatchParams.of(file.id()).withMetadata("team", "qa"))
                    .block(WAIT);
            assertNotNull(batch);
            String token = batch.metadata().get("batchflux_token");
            assertNotNull(token, "the batch carries the client's token: " + batch.metadata());
            assertEquals("qa", batch.metadata().get("team"));
            assertEquals(1, emulator.stats().faults(FaultKind.DROP_AFTER_CREATE), "the answer was dropped once");
            assertEquals(1, emulator.stats().batchesCreated(), "exactly one batch was created");
            List<Batch> all = client.batches().listAll(100).collectList().block(WAIT);
            assertEquals(1, all.stream().filter(b -> token.equals(b.metadata().get("batchflux_token"))).count());
            assertEquals(batch.id(), all.get(0).id());
        }
    }

    /** A seed whose first fault draw lands below {@code rate}: the first upload meets a fault, later ones may. */
    private static long seedFaultingFirst(double rate) {
        for (long seed = 1; ; seed++) {
            if (new SplittableRandom(seed).nextDouble() < rate) {
                return seed;
            }
        }
    }

    @Test
    void pathUploadIsRetriedAfter429And500AndStoredOnce(@TempDir Path dir) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            jsonl.append(line("r" + i)); // ~700 KB: the answer comes while the body is still being sent
        }
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, jsonl);
        FaultOptions faults = FaultOptions.none().withRateLimitRate(0.5).withServerErrorRate(0.5)
                .withRetryAfter(Duration.ofMillis(50)).withSeed(seedFaultingFirst(0.5))
                .onlyOn(Set.of(RouteKind.UPLOAD_FILE));
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(KEY).withFaults(faults));
                BatchClient client = client(emulator)) {
            FileObject file = client.files().upload(input, UploadOptions.defaults()).block(WAIT);
            long faultsMet = emulator.stats().faults(FaultKind.RATE_LIMIT) + emulator.stats().faults(FaultKind.SERVER_ERROR);
            assertTrue(faultsMet >= 1, "the first attempt met a 429 or 500: " + emulator.stats());
            // one retry per fault; plus, when a failed attempt had sent its whole body (the 429/500 may come before
            // or after the last byte), one GET /files looking for an orphan that attempt may have left
            long requests = emulator.stats().requestsServed();
            assertTrue(requests == faultsMet + 1 || requests == faultsMet + 2,
                    "one retry per fault (and at most one orphan lookup): " + emulator.stats());
            assertEquals(1, emulator.stats().uploadsCompleted());
            assertEquals(1, emulator.storedFileCount(), "exactly one file stored");
            assertEquals(Files.size(input), file.bytes());
            ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
            client.files().content(file.id()).doOnNext(buf -> {
                try {
                    byte[] b = new byte[buf.readableBytes()];
                    buf.readBytes(b);
                    downloaded.writeBytes(b);
                } finally {
                    buf.release();
                }
            }).blockLast(WAIT);
            assertArrayEquals(Files.readAllBytes(input), downloaded.toByteArray());
        }
    }

    @Test
    void aSubmitOfAFileIsReadAgainForTheAttemptAfterA429(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("requests.txt");
        Files.writeString(input, "user: one /// user: two /// user: three");
        FaultOptions faults = FaultOptions.none().withRateLimitRate(0.5).withRetryAfter(Duration.ofMillis(20))
                .withSeed(seedFaultingFirst(0.5)).onlyOn(Set.of(RouteKind.UPLOAD_FILE));
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(KEY).withFaults(faults));
                BatchClient client = client(emulator)) {
            Batch batch = client.submit(io.batchflux.BatchRequests.fromFile(input, "gpt-4o-mini"),
                    io.batchflux.SubmitOptions.defaults()).block(WAIT);
            assertNotNull(batch);
            assertTrue(emulator.stats().faults(FaultKind.RATE_LIMIT) >= 1, "the first upload met a 429");
            assertEquals(1, emulator.storedFileCount(), "one input file");
            String stored = new String(client.files().content(batch.inputFileId()).map(buf -> {
                try {
                    byte[] b = new byte[buf.readableBytes()];
                    buf.readBytes(b);
                    return b;
                } finally {
                    buf.release();
                }
            }).reduce(new ByteArrayOutputStream(), (out, b) -> {
                out.writeBytes(b);
                return out;
            }).block(WAIT).toByteArray(), StandardCharsets.UTF_8);
            assertEquals(3, stored.lines().count(), "the file read again from its start: " + stored);
        }
    }

    @Test
    void oneShotFluxThatNeedsARetryFailsClearly() {
        FaultOptions faults = FaultOptions.none().withRateLimitRate(1.0).withRetryAfter(Duration.ofMillis(50))
                .onlyOn(Set.of(RouteKind.UPLOAD_FILE));
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(KEY).withFaults(faults));
                BatchClient client = client(emulator)) {
            List<ByteBuf> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
            Flux<ByteBuf> oneShot = Flux.range(0, 200)
                    .map(i -> Unpooled.copiedBuffer(line("o" + i), StandardCharsets.UTF_8))
                    .doOnNext(sent::add);
            StepVerifier.create(client.files().upload(oneShot, UploadOptions.defaults()))
                    .expectErrorSatisfies(e -> {
                        assertTrue(e.getMessage().contains("one-shot Flux that cannot be replayed"), e.getMessage());
                        assertTrue(ParserFuzzTest.stackTrace(e).contains("429"),
                                "the 429 that made the retry necessary is kept: " + ParserFuzzTest.stackTrace(e));
                    })
                    .verify(WAIT);
            // the stream was sent from, so the retry is refused before a second request is opened
            assertEquals(1, emulator.stats().requestsServed(), "no second request: " + emulator.stats());
            assertEquals(0, emulator.stats().uploadsCompleted());
            assertEquals(0, emulator.storedFileCount(), "nothing stored");
            assertTrue(sent.stream().allMatch(b -> b.refCnt() == 0), "every buffer of the one-shot Flux released");
        }
    }
}
