package io.batchflux.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.batchflux.Batch;
import io.batchflux.BatchApiException;
import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.BatchPage;
import io.batchflux.CreateBatchParams;
import io.batchflux.ExpiresAfter;
import io.batchflux.FileDeletion;
import io.batchflux.FilePage;
import io.batchflux.FileObject;
import io.batchflux.RetryPolicy;
import io.batchflux.UploadOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * Every request the client can send, against Steady serving OpenAI's own API description: Steady rejects any
 * request that violates the spec (400 "Validation failed", surfacing as {@link BatchApiException}) and logs
 * each violation, so a call passes only when the request conforms, no violation was logged, and the answer
 * Steady generated from the spec's schemas parsed into the client's records.
 */
class ClientConformsToOpenApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String JSONL =
            "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                    + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
    private static final ExpiresAfter TWO_HOURS = ExpiresAfter.afterCreation(Duration.ofHours(2));

    private static SteadyServer steady;
    private static BatchClient client;
    private int mark;

    @BeforeAll
    static void start() {
        steady = SteadyServer.start();
        // no retries: a rejected request must show as the 400 Steady sent, not be hidden by a retry
        client = BatchClient.create(BatchClientOptions.builder().apiKey("sk-conformance").baseUrl(steady.baseUrl())
                .retryPolicy(RetryPolicy.none()).build());
    }

    @AfterAll
    static void stop() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (steady != null) {
                steady.close();
            }
        }
    }

    @BeforeEach
    void markLog() {
        mark = steady.mark();
    }

    /** Blocks on a call; a Steady rejection fails the test with Steady's own explanation. */
    private <T> T call(String what, Mono<T> mono) {
        try {
            T value = mono.block(WAIT);
            assertNotNull(value, what + " completed without an answer");
            return value;
        } catch (BatchApiException e) {
            return fail(what + " was rejected by Steady (the request does not conform to OpenAI's spec): "
                    + e.getMessage() + "\nSteady said:\n" + String.join("\n", steady.linesSince(mark)), e);
        }
    }

    /** Steady answered {@code requests} requests since the test began and logged no violation. */
    private void assertSteadySawConformingRequests(int requests) {
        List<String> lines = steady.awaitRequestLines(mark, requests);
        assertTrue(lines.size() >= requests, "Steady logged " + lines.size() + " of " + requests + " requests: "
                + lines);
        List<String> violations = steady.violationsSince(mark);
        assertTrue(violations.isEmpty(), "Steady reported spec violations:\n" + String.join("\n",
                steady.linesSince(mark)));
    }

    private static void assertFileParsed(FileObject file) {
        assertNotNull(file.id(), "file id");
        assertEquals("file", file.object());
        assertNotNull(file.purpose(), "purpose (required by the spec)");
        assertNotNull(file.createdAt(), "created_at (required by the spec)");
    }

    private static void assertBatchParsed(Batch batch) {
        assertNotNull(batch.id(), "batch id");
        assertEquals("batch", batch.object());
        assertNotNull(batch.status(), "status");
        assertNotNull(batch.createdAt(), "created_at (required by the spec)");
    }

    @ParameterizedTest(name = "sized={0}, expires_after={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void uploadFromPathConformsChunkedAndSizedWithAndWithoutExpiry(boolean sized, boolean expires, @TempDir Path dir)
            throws Exception {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, JSONL);
        UploadOptions options = UploadOptions.defaults().withSized(sized).withExpiresAfter(expires ? TWO_HOURS : null);
        assertFileParsed(call("upload(Path, sized=" + sized + ", expires=" + expires + ")",
                client.files().upload(input, options)));
        assertSteadySawConformingRequests(1);
    }

    @Test
    void uploadOfOneShotStreamConformsChunkedWithExpiry() {
        Flux<ByteBuf> content = Flux.just(JSONL, JSONL.replace("\"a\"", "\"b\""))
                .map(s -> Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
        assertFileParsed(call("upload(Flux)", client.files().upload(content,
                UploadOptions.defaults().withFilename("stream.jsonl").withExpiresAfter(TWO_HOURS))));
        assertSteadySawConformingRequests(1);
    }

    @Test
    void uploadFromSupplierConformsSized() {
        Supplier<Flux<ByteBuf>> content = () -> Flux.just(JSONL).map(s -> Unpooled.copiedBuffer(s,
                StandardCharsets.UTF_8));
        assertFileParsed(call("upload(Supplier, sized)", client.files().upload(content,
                UploadOptions.defaults().withSized(true).withExpiresAfter(TWO_HOURS))));
        assertSteadySawConformingRequests(1);
    }

    @Test
    void batchCreateWithMetadataAndOutputExpiryConforms() {
        Batch batch = call("batches().create", client.batches().create(CreateBatchParams.of("file-abc123")
                .withMetadata("project", "conformance").withMetadata("run", "1")
                .withOutputExpiresAfter(ExpiresAfter.afterCreation(Duration.ofDays(7)))));
        assertBatchParsed(batch);
        assertSteadySawConformingRequests(1);
    }

    @Test
    void batchCreateWithDefaultsConforms() {
        assertBatchParsed(call("batches().create (defaults)",
                client.batches().create(CreateBatchParams.of("file-abc123"))));
        assertSteadySawConformingRequests(1);
    }

    @Test
    void batchRetrieveConforms() {
        assertBatchParsed(call("batches().retrieve", client.batches().retrieve("batch_abc123")));
        assertSteadySawConformingRequests(1);
    }

    @Test
    void batchCancelConforms() {
        assertBatchParsed(call("batches().cancel", client.batches().cancel("batch_abc123")));
        assertSteadySawConformingRequests(1);
    }

    @Test
    void batchListWithAndWithoutCursorConforms() {
        BatchPage first = call("batches().list(null, 20)", client.batches().list(null, 20));
        BatchPage next = call("batches().list(after, 2)", client.batches().list("batch_abc123", 2));
        for (BatchPage page : List.of(first, next)) {
            assertNotNull(page.data());
            page.data().forEach(ClientConformsToOpenApiTest::assertBatchParsed);
        }
        assertSteadySawConformingRequests(2);
    }

    @Test
    void batchListAllConformsAndStops() {
        // Steady may answer has_more with the same cursor every time: the client stops on a repeated cursor,
        // and take() bounds the stream in any case.
        List<Batch> all = client.batches().listAll(5).take(50).collectList().block(WAIT);
        assertNotNull(all);
        all.forEach(ClientConformsToOpenApiTest::assertBatchParsed);
        assertSteadySawConformingRequests(1);
    }

    @Test
    void fileRetrieveConforms() {
        assertFileParsed(call("files().retrieve", client.files().retrieve("file-abc123")));
        assertSteadySawConformingRequests(1);
    }

    @Test
    void fileListWithPurposeAndCursorConforms() {
        FilePage page = call("files().list", client.files().list("batch", "file-abc123", 10));
        page.data().forEach(ClientConformsToOpenApiTest::assertFileParsed);
        assertSteadySawConformingRequests(1);
    }

    @Test
    void fileDeleteConforms() {
        FileDeletion deletion = call("files().delete", client.files().delete("file-abc123"));
        assertNotNull(deletion.id());
        assertSteadySawConformingRequests(1);
    }

    @Test
    void fileContentConforms() {
        // the spec declares the content a JSON string (the real API sends raw JSONL): only consume it
        AtomicLong bytes = new AtomicLong();
        try {
            client.files().content("file-abc123").doOnNext(buf -> {
                try {
                    bytes.addAndGet(buf.readableBytes());
                } finally {
                    buf.release();
                }
            }).blockLast(WAIT);
        } catch (BatchApiException e) {
            fail("files().content was rejected by Steady: " + e.getMessage() + "\n" + steady.linesSince(mark), e);
        }
        assertTrue(bytes.get() > 0, "Steady sent a body");
        assertSteadySawConformingRequests(1);
    }

    /** POSTs a hand-made multipart body to Steady's /files: (status, body). */
    private static Tuple2<Integer, String> rawUpload(String... fields) {
        String boundary = "----conformance-control";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fields[i])
                    .append("\"\r\n\r\n").append(fields[i + 1]).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n")
                .append("Content-Type: application/jsonl\r\n\r\n").append(JSONL).append("\r\n")
                .append("--").append(boundary).append("--\r\n");
        Tuple2<Integer, String> answer = HttpClient.create()
                .headers(h -> h.set("Authorization", "Bearer sk-conformance")
                        .set("Content-Type", "multipart/form-data; boundary=" + boundary))
                .post().uri(steady.baseUrl() + "/files")
                .send(ByteBufFlux.fromString(Mono.just(body.toString())))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> Tuples.of(response.status().code(), text)))
                .block(WAIT);
        assertNotNull(answer);
        return answer;
    }

    /**
     * The negative control: a multipart upload without {@code purpose} is rejected and reported, so the checks
     * above would notice a non-conforming request.
     */
    @Test
    void steadyRejectsAnUploadWithoutPurpose() {
        Tuple2<Integer, String> answer = rawUpload();
        assertEquals(400, answer.getT1(), answer.getT2());
        assertTrue(answer.getT2().contains("Validation failed"), answer.getT2());
        assertTrue(answer.getT2().contains("purpose"), answer.getT2());
        List<String> violations = awaitSomeViolation();
        assertTrue(violations.get(0).contains("purpose"), violations.toString());
    }

    /**
     * Why the log is scraped: some violations (a value out of the spec's range) are answered 200 and only
     * logged; an {@code expires_after[seconds]} of 100 (the spec's minimum is 3600) is one.
     */
    @Test
    void steadyLogsViolationsItDoesNotReject() {
        Tuple2<Integer, String> answer = rawUpload("purpose", "batch", "expires_after[anchor]", "created_at",
                "expires_after[seconds]", "100");
        assertEquals(200, answer.getT1(), answer.getT2());
        List<String> violations = awaitSomeViolation();
        assertTrue(violations.get(0).contains("expires_after.seconds"), violations.toString());
    }

    /** Dotted form fields (Azure's style) are not what the spec describes: the bracket check is live. */
    @Test
    void steadyRejectsDottedExpiresAfterFields() {
        Tuple2<Integer, String> answer = rawUpload("purpose", "batch", "expires_after.anchor", "created_at",
                "expires_after.seconds", "7200");
        assertEquals(400, answer.getT1(), answer.getT2());
        awaitSomeViolation();
    }

    /** The second control: the client's own call surfaces Steady's rejection as a BatchApiException. */
    @Test
    void aRejectedClientCallSurfacesAsBatchApiException() {
        // the client passes completion_window through as an open string (Groq takes 7d); the spec allows 24h
        try {
            Batch batch = client.batches().create(CreateBatchParams.of("file-abc123").withCompletionWindow("7d"))
                    .block(WAIT);
            fail("Steady accepted completion_window=7d, which the spec does not allow: " + batch);
        } catch (BatchApiException e) {
            assertEquals(400, e.statusCode(), e.getMessage());
        }
        awaitSomeViolation();
    }

    /** The violations Steady logged since the test began; fails the test when it logged none. */
    private List<String> awaitSomeViolation() {
        List<String> violations = steady.awaitViolations(mark);
        assertFalse(violations.isEmpty(), "Steady logged no violation:\n" + steady.linesSince(mark));
        return violations;
    }
}
