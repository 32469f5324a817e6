package io.batchflux.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Native batch JSONL read through {@link RequestSpecParser} with the format named: its validation and errors. */
class JsonlInputTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CHAT = "/v1/chat/completions";
    private static final SpecOptions JSONL = SpecOptions.defaults().withModel("gpt-4o-mini").withEndpoint(CHAT)
            .withFormat(SpecFormat.JSONL);
    private static final RequestSpecParser PARSER = RequestSpecParser.create(JSONL);

    static String line(String id, String body) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"" + CHAT + "\",\"body\":" + body + "}\n";
    }

    static Flux<BatchRequest> read(String text) {
        return PARSER.parse(Flux.just(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = JsonlInputTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void realOpenAiAndVllmInputFilesParse() throws IOException {
        List<BatchRequest> openai = PARSER.parse(Flux.just(Unpooled.wrappedBuffer(fixture("openai-chat-input.jsonl"))))
                .collectList().block(TIMEOUT);
        assertEquals(65, openai.size());
        assertEquals("request-0", openai.get(0).customId());
        assertEquals("gpt-4o", openai.get(0).model());
        List<BatchRequest> vllm = PARSER.parse(Flux.just(Unpooled.wrappedBuffer(fixture("vllm-example-input.jsonl"))))
                .collectList().block(TIMEOUT);
        assertEquals(List.of("request-1", "request-2"), vllm.stream().map(BatchRequest::customId).toList());
    }

    @Test
    void blankLinesAreSkippedAndMissingModelIsFilled() {
        List<BatchRequest> requests = read("\n" + line("a", "{\"messages\":[]}") + "  \r\n"
                + line("b", "{\"model\":\"gpt-4o-mini\"}")).collectList().block(TIMEOUT);
        assertEquals(2, requests.size());
        assertEquals("gpt-4o-mini", requests.get(0).model());
    }

    static void assertJsonlError(String text, long line, long byteOffset, String reasonPart) {
        StepVerifier.create(read(text))
                .thenConsumeWhile(r -> true)
                .expectErrorSatisfies(e -> {
                    RequestSpecException spec = (RequestSpecException) e;
                    assertEquals(line, spec.line(), e.getMessage());
                    assertEquals(line, spec.requestNumber(), e.getMessage());
                    assertEquals(byteOffset, spec.byteOffset(), e.getMessage());
                    assertTrue(spec.reason().contains(reasonPart), e.getMessage());
                    assertTrue(e.getMessage().startsWith("invalid JSONL at line " + line + " (byte " + byteOffset
                            + "): "), e.getMessage());
                })
                .verify(TIMEOUT);
    }

    @Test
    void errorsNameTheLineAndItsByteOffset() {
        String first = line("r1", "{\"model\":\"m\"}");
        int at = first.length();
        assertJsonlError(first + "{not json\n", 2, at, "invalid JSON");
        assertJsonlError(first + line("r1", "{\"model\":\"m\"}"), 2, at,
                "duplicate custom_id \"r1\" (first seen on line 1)");
        assertJsonlError(first + line("r2", "{\"model\":\"m\"}").replace("POST", "GET"), 2, at,
                "method must be \"POST\"");
        assertJsonlError(first + line("r2", "{\"model\":\"m\"}").replace(CHAT, "/v1/embeddings"), 2, at,
                "does not match the batch endpoint");
        assertJsonlError(first + line("r2", "{\"model\":\"other\"}"), 2, at,
                "model \"other\" differs from \"m\" used on line 1");
        assertJsonlError(first + line("r2", "[1]"), 2, at, "body must be a JSON object, found array");
        assertJsonlError(first + "\n" + line("r2", "{}").replace("\"r2\"", "7"), 3, at + 1,
                "custom_id must be a string");
        assertJsonlError(first + "[]\n", 2, at, "expected a JSON object");
        assertJsonlError(line("r1", "{\"model\":\"m\",\"stream\":true}"), 1, 0, "stream");
    }

    @Test
    void invalidJsonSaysWhatAndWhereInTheLineWithoutJacksonsSourceNotes() {
        String truncated = "{\"custom_id\":\"r1\",\"method\":\"POST\",\"body\":{\"model\":\"m\"\n";
        StepVerifier.create(read(truncated))
                .expectErrorSatisfies(e -> {
                    assertTrue(e.getMessage().startsWith("invalid JSONL at line 1 (byte 0): invalid JSON: Unexpected"
                            + " end-of-input: expected close marker for Object, at column "), e.getMessage());
                    assertTrue(!e.getMessage().contains("Source") && !e.getMessage().contains("#UNKNOWN"),
                            e.getMessage());
                })
                .verify(TIMEOUT);
    }

    @Test
    void requestsBeforeAnInvalidLineAreEmittedThenTheError() {
        StepVerifier.create(read(line("r1", "{}") + line("r2", "{}") + "oops\n" + line("r3", "{}")))
                .expectNextMatches(r -> r.customId().equals("r1"))
                .expectNextMatches(r -> r.customId().equals("r2"))
                .expectError(RequestSpecException.class)
                .verify(TIMEOUT);
    }

    @Test
    void lineOverTheLimitIsARequestSpecError() {
        StepVerifier.create(RequestSpecParser.create(JSONL.withMaxRequestBytes(10)).parse(Flux.just(
                        Unpooled.copiedBuffer("  \n{\"custom_id\":\"long\"}", StandardCharsets.UTF_8))))
                .expectErrorSatisfies(e -> {
                    assertEquals(2, ((RequestSpecException) e).line());
                    assertEquals(3, ((RequestSpecException) e).byteOffset());
                })
                .verify(TIMEOUT);
    }
}
