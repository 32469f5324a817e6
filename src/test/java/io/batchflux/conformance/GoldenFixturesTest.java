package io.batchflux.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.ApiError;
import io.batchflux.BatchRequest;
import io.batchflux.BatchRequests;
import io.batchflux.BatchResult;
import io.batchflux.BatchResult.Failed;
import io.batchflux.BatchResult.NotExecuted;
import io.batchflux.BatchResult.Succeeded;
import io.batchflux.TokenUsage;
import io.batchflux.results.ResultFileReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * Golden tests: every result file in {@code src/test/resources/fixtures} (real files from OpenAI and vLLM, and
 * the project's own for shapes those lack) parses into the results a user would expect, whatever the chunking
 * of the download; and the real input files parse as requests.
 */
class GoldenFixturesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static byte[] bytes(String fixture) {
        try {
            return Files.readAllBytes(SteadyServer.resource("/fixtures/" + fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture as a download: fresh buffers of {@code chunk} bytes each, owned by the reader. */
    private static List<BatchResult> read(String fixture, int chunk) {
        byte[] all = bytes(fixture);
        Flux<ByteBuf> content = Flux.range(0, (all.length + chunk - 1) / chunk)
                .map(i -> Unpooled.copiedBuffer(all, i * chunk, Math.min(chunk, all.length - i * chunk)));
        List<BatchResult> results = ResultFileReader.read(content, fixture).collectList().block(WAIT);
        assertNotNull(results);
        return results;
    }

    private static List<BatchResult> read(String fixture) {
        return read(fixture, 8192);
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {7, 8192, 1 << 20})
    void realOpenAiChatOutputParsesInto65SuccessesInFileOrder(int chunk) {
        List<BatchResult> results = read("openai-chat-output.jsonl", chunk);
        assertEquals(65, results.size());
        for (int i = 0; i < results.size(); i++) {
            Succeeded ok = assertInstanceOf(Succeeded.class, results.get(i), "line " + (i + 1));
            assertEquals("request-" + i, ok.customId(), "custom_ids in file order");
            assertEquals(200, ok.statusCode());
            assertTrue(ok.lineId().startsWith("batch_req_"), ok.lineId());
            assertTrue(ok.requestId().matches("[0-9a-f]{32}"), ok.requestId());
            assertFalse(ok.chatContent().orElse("").isBlank(), "chat content of " + ok.customId());
            TokenUsage usage = ok.usage().orElseThrow();
            assertTrue(usage.promptTokens() > 0 && usage.completionTokens() > 0, usage.toString());
            assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
            assertTrue(ok.embeddings().isEmpty());
        }
        Succeeded first = (Succeeded) results.get(0);
        assertEquals("batch_req_671997dbd05c8190b8253393e04fd23f", first.lineId());
        assertEquals(new TokenUsage(390, 223, 613), first.usage().orElseThrow());
        assertTrue(first.chatContent().orElseThrow().startsWith("- Trash can is below the bulletin board"));
    }

    @Test
    void vllmScoreOutputParsesIntoTwoSuccessesWithTheirScores() {
        List<BatchResult> results = read("vllm-score-output.jsonl");
        assertEquals(2, results.size());
        double[][] expectedScores = {{0.0010900497436523438, 1.0}, {0.001094818115234375, 1.0}};
        for (int i = 0; i < 2; i++) {
            Succeeded ok = assertInstanceOf(Succeeded.class, results.get(i));
            assertEquals("request-" + (i + 1), ok.customId());
            assertTrue(ok.lineId().startsWith("vllm-"), ok.lineId());
            assertTrue(ok.requestId().startsWith("vllm-batch-"), ok.requestId());
            assertEquals(200, ok.statusCode());
            assertEquals(2, ok.body().path("data").size());
            for (int j = 0; j < 2; j++) {
                assertEquals(expectedScores[i][j], ok.body().path("data").path(j).path("score").asDouble());
            }
            assertTrue(ok.chatContent().isEmpty(), "a score body has no chat content");
            assertTrue(ok.embeddings().isEmpty(), "scores are not embeddings");
            assertEquals(new TokenUsage(37, 0, 37), ok.usage().orElseThrow());
        }
    }

    @Test
    void documentedExpiredLinesParseAsNotExecutedBatchExpired() {
        List<BatchResult> results = read("documented-expired-lines.jsonl");
        assertEquals(List.of("request-3", "request-7"), results.stream().map(BatchResult::customId).toList());
        for (BatchResult result : results) {
            NotExecuted expired = assertInstanceOf(NotExecuted.class, result);
            assertEquals("batch_expired", expired.error().code());
            assertEquals("This request could not be executed before the completion window expired.",
                    expired.error().message());
            assertEquals("batch_req_123", expired.lineId());
            assertEquals(0, expired.statusCode());
            assertFalse(expired.isSuccess());
        }
    }

    @Test
    void httpFailuresInTheErrorFileParseAsFailedWithTheBodyError() {
        List<BatchResult> results = read("project/error-file-http-failures.jsonl");
        assertEquals(2, results.size());
        Failed badRequest = assertInstanceOf(Failed.class, results.get(0));
        assertEquals("bad-request-1", badRequest.customId());
        assertEquals(400, badRequest.statusCode());
        assertEquals(new ApiError("invalid_value", "Invalid value for 'temperature': must be between 0 and 2.",
                "invalid_request_error", "temperature"), badRequest.error());
        assertTrue(UUID.matcher(badRequest.requestId()).matches(), "UUID request id kept: " + badRequest.requestId());
        assertNotNull(badRequest.body());

        Failed rateLimited = assertInstanceOf(Failed.class, results.get(1));
        assertEquals("rate-limited-2", rateLimited.customId());
        assertEquals(429, rateLimited.statusCode());
        assertEquals("rate_limit_exceeded", rateLimited.error().code());
        assertEquals("requests", rateLimited.error().type());
        assertNull(rateLimited.error().param());
        assertEquals("5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b", rateLimited.requestId());
    }

    @Test
    void responsesBodyGivesItsOutputTextAsChatContent() {
        Succeeded ok = assertInstanceOf(Succeeded.class, read("project/responses-output.jsonl").get(0));
        assertEquals("resp-1", ok.customId());
        assertEquals("In a peaceful grove beneath a silver moon, a unicorn named Lumina slept.",
                ok.chatContent().orElseThrow());
        assertEquals(new TokenUsage(36, 87, 123), ok.usage().orElseThrow(), "input/output tokens of /v1/responses");
        assertTrue(UUID.matcher(ok.requestId()).matches());
    }

    @Test
    void embeddingsBodyGivesItsVectorsInInputOrder() {
        Succeeded ok = assertInstanceOf(Succeeded.class, read("project/embeddings-output.jsonl").get(0));
        assertEquals("emb-1", ok.customId());
        List<float[]> vectors = ok.embeddings();
        assertEquals(2, vectors.size());
        assertArrayEquals(new float[] {0.0023064255f, -0.009327292f, 0.015797347f}, vectors.get(0));
        assertArrayEquals(new float[] {-0.25f, 0.5f, 1.0f}, vectors.get(1));
        assertTrue(ok.chatContent().isEmpty());
        assertEquals(new TokenUsage(8, 0, 8), ok.usage().orElseThrow());
    }

    @Test
    void vllmStringErrorWithNullBodyParsesAsFailedWithTheMessage() {
        List<BatchResult> results = read("project/vllm-string-error.jsonl");
        assertEquals(1, results.size());
        Failed failed = assertInstanceOf(Failed.class, results.get(0));
        assertEquals("request-3", failed.customId());
        assertEquals(400, failed.statusCode());
        assertEquals("The model `gpt-4o` does not exist.", failed.error().message());
        assertNull(failed.error().code());
        assertNull(failed.body());
        assertTrue(failed.lineId().startsWith("vllm-"));
    }

    @Test
    void zeroByteErrorFileYieldsNoResults() {
        assertEquals(0, bytes("project/empty-error-file.jsonl").length, "the fixture is empty");
        assertEquals(List.of(), read("project/empty-error-file.jsonl"));
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 5, 8192})
    void lastLineWithoutNewlineIsStillParsed(int chunk) {
        byte[] raw = bytes("project/no-trailing-newline.jsonl");
        assertTrue(raw[raw.length - 1] != '\n', "the fixture ends without a newline");
        List<BatchResult> results = read("project/no-trailing-newline.jsonl", chunk);
        assertEquals(List.of("a", "b"), results.stream().map(BatchResult::customId).toList());
        assertEquals("last, no newline after me",
                assertInstanceOf(Succeeded.class, results.get(1)).chatContent().orElseThrow());
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 3, 8192})
    void crlfLineEndingsParseLikeLf(int chunk) {
        String raw = new String(bytes("project/crlf.jsonl"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(raw.contains("}\r\n{") && raw.endsWith("}\r\n"), "the fixture has CRLF line endings");
        List<BatchResult> results = read("project/crlf.jsonl", chunk);
        assertEquals(2, results.size());
        Succeeded ok = assertInstanceOf(Succeeded.class, results.get(0));
        assertEquals("crlf-1", ok.customId());
        assertEquals("windows line one", ok.chatContent().orElseThrow());
        NotExecuted expired = assertInstanceOf(NotExecuted.class, results.get(1));
        assertEquals("crlf-2", expired.customId());
        assertEquals("batch_expired", expired.error().code());
    }

    @Test
    void everyFixtureFileIsCoveredByAGoldenTest() throws IOException {
        // a fixture added without a test here would silently pin nothing
        List<String> covered = List.of("openai-chat-input.jsonl", "openai-chat-output.jsonl",
                "vllm-example-input.jsonl", "vllm-score-output.jsonl", "documented-expired-lines.jsonl",
                "project/error-file-http-failures.jsonl", "project/responses-output.jsonl",
                "project/embeddings-output.jsonl", "project/vllm-string-error.jsonl",
                "project/empty-error-file.jsonl", "project/no-trailing-newline.jsonl", "project/crlf.jsonl");
        Path root = SteadyServer.resource("/fixtures/README.md").getParent();
        List<String> present = new ArrayList<>();
        try (var files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".jsonl"))
                    .forEach(p -> present.add(root.relativize(p).toString().replace('\\', '/')));
        }
        assertEquals(covered.stream().sorted().toList(), present.stream().sorted().toList());
    }

    @Test
    void resultFixturesInOpenAisShapeConformToBatchRequestOutput() {
        // keeps the hand-written fixtures honest: vLLM's string error is the one shape outside the spec
        SchemaValidator samples = new SchemaValidator();
        for (String fixture : List.of("openai-chat-output.jsonl", "vllm-score-output.jsonl",
                "documented-expired-lines.jsonl", "project/error-file-http-failures.jsonl",
                "project/responses-output.jsonl", "project/embeddings-output.jsonl",
                "project/no-trailing-newline.jsonl", "project/crlf.jsonl")) {
            String text = new String(bytes(fixture), java.nio.charset.StandardCharsets.UTF_8);
            for (String line : text.split("\\r?\\n")) {
                if (!line.isBlank()) {
                    samples.add(fixture, SchemaValidator.LINES_SPEC, "BatchRequestOutput",
                            SchemaValidator.JSON.readTree(line));
                }
            }
        }
        assertEquals(65 + 2 + 2 + 2 + 1 + 1 + 2 + 2, samples.size());
        SchemaValidator.Verdict verdict = samples.run("fixtures");
        assertTrue(verdict.conforms(), verdict.output());
    }

    @Test
    void realOpenAiChatInputParsesAs65Requests() {
        List<BatchRequest> requests = BatchRequests.fromFile(SteadyServer.resource("/fixtures/openai-chat-input.jsonl"),
                "gpt-4o-mini").collectList().block(WAIT);
        assertNotNull(requests);
        assertEquals(65, requests.size());
        for (int i = 0; i < requests.size(); i++) {
            BatchRequest request = requests.get(i);
            assertEquals("request-" + i, request.customId());
            assertEquals("POST", request.method());
            assertEquals("/v1/chat/completions", request.url());
            assertEquals("gpt-4o", request.model(), "the file's own model wins over the default");
            assertEquals(2, request.body().path("messages").size());
        }
    }

    @Test
    void vllmExampleInputParsesAsTwoRequests() {
        List<BatchRequest> requests = BatchRequests.fromFile(SteadyServer.resource("/fixtures/vllm-example-input.jsonl"),
                "gpt-4o-mini").collectList().block(WAIT);
        assertNotNull(requests);
        assertEquals(List.of("request-1", "request-2"), requests.stream().map(BatchRequest::customId).toList());
        for (BatchRequest request : requests) {
            assertEquals("meta-llama/Meta-Llama-3-8B-Instruct", request.model());
            assertEquals(1000, request.body().path("max_completion_tokens").asInt());
        }
    }
}
