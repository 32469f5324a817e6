package io.batchflux.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.BatchRequest;
import io.batchflux.BatchfluxException;
import io.batchflux.RequestSpecException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class RequestSpecParserTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final RequestSpecParser PARSER = RequestSpecParser.create(SpecOptions.defaults());

    static List<BatchRequest> parse(String spec) {
        return PARSER.parse(spec).collectList().block(TIMEOUT);
    }

    static List<String> ids(List<BatchRequest> requests) {
        return requests.stream().map(BatchRequest::customId).toList();
    }

    static Flux<ByteBuf> pieces(byte[] bytes, int... cuts) {
        List<ByteBuf> bufs = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            bufs.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, from, cut)));
            from = cut;
        }
        bufs.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, from, bytes.length)));
        return Flux.fromIterable(bufs);
    }

    @Test
    void buildsChatCompletionRequestsLikeTheOriginal() {
        List<BatchRequest> requests = parse(" system: be brief || user: time: 10:00? ///\n user :  héllo 👋 ");
        assertEquals(List.of("001", "002"), ids(requests));
        BatchRequest first = requests.get(0);
        assertEquals("POST", first.method());
        assertEquals("/v1/chat/completions", first.url());
        assertEquals("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"time: 10:00?\"}]}", first.body().toString());
        assertEquals("héllo 👋", requests.get(1).body().get("messages").get(0).get("content").asString());
    }

    @Test
    void everySplitIntoTwoAndThreeChunksGivesTheSameRequests() {
        String spec = "system: sé 👋 || user: a/b//c ///user: x|y ||assistant: ok //\n"
                + "developer: ü: ∑ /// /// user: last //";
        byte[] bytes = spec.getBytes(StandardCharsets.UTF_8);
        List<BatchRequest> expected = parse(spec);
        assertEquals(List.of("001", "002", "004"), ids(expected));
        assertEquals("ok //\ndeveloper: ü: ∑",
                expected.get(1).body().get("messages").get(1).get("content").asString());
        assertEquals("last //", expected.get(2).body().get("messages").get(0).get("content").asString());
        for (int i = 0; i <= bytes.length; i++) {
            assertEquals(expected, PARSER.parse(pieces(bytes, i)).collectList().block(TIMEOUT), "cut " + i);
            for (int j = i; j <= bytes.length; j++) {
                assertEquals(expected, PARSER.parse(pieces(bytes, i, j)).collectList().block(TIMEOUT),
                        "cuts " + i + "," + j);
            }
        }
    }

    @Test
    void delimitersMatchLeftmostAndNonOverlappingLikeGoSplit() {
        assertSpecError("user: a////user: b", 2, 1, 1, 10, "unknown role \"/user\"");
        assertSpecError("user: a ||| user: b", 1, 2, 1, 10, "unknown role \"| user\"");
        assertEquals("a //", parse("user: a //").get(0).body().get("messages").get(0).get("content").asString());
    }

    @Test
    void blankRequestsAreSkippedButKeepTheirNumber() {
        assertEquals(List.of("001", "003"), ids(parse("user: a /// /// user: b")));
        assertEquals(List.of("002"), ids(parse("///user: a///  \n ")));
        assertEquals(List.of(), ids(parse("  \n ")));
        assertEquals(List.of(), ids(parse("")));
    }

    @Test
    void numberingGoesFrom999To1000() {
        List<BatchRequest> requests = parse("user: x ///".repeat(1000) + "user: y");
        assertEquals(1001, requests.size());
        assertEquals("001", requests.get(0).customId());
        assertEquals("999", requests.get(998).customId());
        assertEquals("1000", requests.get(999).customId());
        assertEquals("1001", requests.get(1000).customId());
    }

    static void assertSpecError(RequestSpecParser parser, Flux<ByteBuf> input, long request, int message,
            long line, long byteOffset, String reasonPart) {
        StepVerifier.create(parser.parse(input))
                .thenConsumeWhile(r -> true)
                .expectErrorSatisfies(e -> {
                    RequestSpecException spec = (RequestSpecException) e;
                    String where = "request " + request + (message > 0 ? ", message " + message : "")
                            + " (line " + line + ", byte " + byteOffset + "): ";
                    assertTrue(e.getMessage().startsWith("invalid request spec at " + where), e.getMessage());
                    assertEquals(request, spec.requestNumber());
                    assertEquals(message, spec.messageNumber());
                    assertTrue(spec.reason().contains(reasonPart), e.getMessage());
                })
                .verify(TIMEOUT);
    }

    static void assertSpecError(String spec, long request, int message, long line, long byteOffset,
            String reasonPart) {
        assertSpecError(PARSER, Flux.just(Unpooled.copiedBuffer(spec, StandardCharsets.UTF_8)), request, message,
                line, byteOffset, reasonPart);
    }

    @Test
    void aSpecForAnEndpointOtherThanChatCompletionsIsRefusedAtItsFirstRequest() {
        RequestSpecParser embeddings = RequestSpecParser.create(SpecOptions.defaults().withEndpoint("/v1/embeddings"));
        assertSpecError(embeddings, Flux.just(Unpooled.copiedBuffer(" /// \nuser: hi", StandardCharsets.UTF_8)), 2, 0,
                1, 4, "not requests for the endpoint /v1/embeddings; give native batch JSONL for it");
        // Azure's endpoint has no /v1, and JSONL goes to any endpoint
        RequestSpecParser azure = RequestSpecParser.create(SpecOptions.defaults().withEndpoint("/chat/completions"));
        assertEquals("/chat/completions", azure.parse("user: hi").blockFirst(TIMEOUT).url());
        String line = "{\"custom_id\":\"e1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\","
                + "\"body\":{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}}\n";
        assertEquals("e1", embeddings.parse(line).blockFirst(TIMEOUT).customId());
    }

    @Test
    void errorsNameRequestMessageLineAndByteOffset() {
        // "user: a /// user: b ///\n" is 24 bytes; request 3 starts there.
        String head = "user: a /// user: b ///\n";
        assertSpecError(head + "user: c ||  hello", 3, 2, 2, 24 + 12,
                "invalid message format \"hello\" (expected \"role: content\")");
        assertSpecError(head + "user: c ||\n bot: hi", 3, 2, 3, 24 + 12,
                "unknown role \"bot\": allowed roles are system, user, assistant, developer");
        assertSpecError(head + "user: c || ", 3, 2, 2, 24 + 11, "invalid message format \"\"");
        byte[] valid = "user: é ||\nx".getBytes(StandardCharsets.UTF_8);
        byte[] malformed = Arrays.copyOf(valid, valid.length + 1);
        malformed[valid.length] = (byte) 0xFF;
        assertSpecError(PARSER, Flux.just(Unpooled.wrappedBuffer(malformed)), 1, 2, 2, 13, "malformed UTF-8");
    }

    @Test
    void requestOverMaxRequestBytesErrorsAfterEarlierRequests() {
        RequestSpecParser small = RequestSpecParser.create(SpecOptions.defaults().withMaxRequestBytes(20));
        StepVerifier.create(small.parse("user: a ///\nuser: " + "x".repeat(100) + " /// user: b"))
                .expectNextMatches(r -> r.customId().equals("001"))
                .expectErrorSatisfies(e -> {
                    RequestSpecException spec = (RequestSpecException) e;
                    assertEquals(2, spec.requestNumber());
                    assertEquals(0, spec.messageNumber());
                    assertEquals(1, spec.line());
                    assertEquals(11, spec.byteOffset());
                    assertTrue(e.getMessage().contains("larger than the limit of 20 bytes"), e.getMessage());
                })
                .verify(TIMEOUT);
        assertEquals(1, RequestSpecParser.create(SpecOptions.defaults().withMaxRequestBytes(20))
                .parse("user: 12345678901234").collectList().block(TIMEOUT).size());
    }

    @Test
    void requestsBeforeAnErrorAreEmittedThenTheError() {
        StepVerifier.create(PARSER.parse("user: a /// user: b /// oops /// user: d"))
                .expectNextMatches(r -> r.customId().equals("001"))
                .expectNextMatches(r -> r.customId().equals("002"))
                .expectError(RequestSpecException.class)
                .verify(TIMEOUT);
    }

    @Test
    void parsesLazilyWithBackpressure() {
        AtomicLong pulled = new AtomicLong();
        Flux<ByteBuf> source = Flux.range(0, 10_000)
                .map(i -> Unpooled.copiedBuffer("user: hi " + i + " ///", StandardCharsets.UTF_8))
                .doOnNext(buf -> pulled.incrementAndGet());
        StepVerifier.create(PARSER.parse(source), 1)
                .expectNextMatches(r -> r.customId().equals("001"))
                .thenCancel()
                .verify(TIMEOUT);
        assertTrue(pulled.get() <= 3, "pulled " + pulled.get() + " chunks for one request");
    }

    @Test
    void cancellationMidStreamReleasesEveryBuffer() {
        List<ByteBuf> allocated = new CopyOnWriteArrayList<>();
        Flux<ByteBuf> source = Flux.range(0, 1000).map(i -> {
            ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer();
            buf.writeCharSequence("user: hi " + i + " /// user: ", StandardCharsets.UTF_8);
            allocated.add(buf);
            return buf;
        });
        StepVerifier.create(PARSER.parse(source), 3)
                .expectNextCount(3)
                .thenCancel()
                .verify(TIMEOUT);
        assertTrue(allocated.size() < 10);
        allocated.forEach(buf -> assertEquals(0, buf.refCnt()));

        List<ByteBuf> given = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            given.add(Unpooled.copiedBuffer("user: hi " + i + " ///", StandardCharsets.UTF_8));
        }
        StepVerifier.create(PARSER.parse(Flux.fromIterable(given)), 2).expectNextCount(2).thenCancel()
                .verify(TIMEOUT);
        given.forEach(buf -> assertEquals(0, buf.refCnt(), "unconsumed source buffers are discarded too"));
    }

    @Test
    void errorReleasesEveryBuffer() {
        List<ByteBuf> given = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            given.add(Unpooled.copiedBuffer(i == 3 ? "oops ///" : "user: hi ///", StandardCharsets.UTF_8));
        }
        StepVerifier.create(PARSER.parse(Flux.fromIterable(given))).expectNextCount(3)
                .expectError(RequestSpecException.class).verify(TIMEOUT);
        given.forEach(buf -> assertEquals(0, buf.refCnt()));
    }

    @Test
    void autoDetectsJsonlAfterLeadingWhitespaceInSeparateChunks() {
        String line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n";
        Flux<ByteBuf> input = Flux.just(" \n", "\t\n  ", line, "[]\n")
                .map(s -> Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
        StepVerifier.create(PARSER.parse(input))
                .expectNextMatches(r -> r.customId().equals("a") && "gpt-4o-mini".equals(r.model()))
                .expectErrorSatisfies(e -> {
                    RequestSpecException spec = (RequestSpecException) e;
                    assertEquals(4, spec.line());
                    assertEquals(6 + line.length(), spec.byteOffset());
                    assertTrue(e.getMessage().startsWith("invalid JSONL at line 4"), e.getMessage());
                })
                .verify(TIMEOUT);
    }

    @Test
    void specAfterLeadingWhitespaceChunksKeepsPositions() {
        Flux<ByteBuf> input = Flux.just("\n\n", "  user: a || oops")
                .map(s -> Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
        assertSpecError(PARSER, input, 1, 2, 3, 2 + 13, "invalid message format \"oops\"");
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkippedHoweverTheInputIsChunked() {
        String spec = "user: a || assistant: b /// user: c";
        List<BatchRequest> expected = parse(spec);
        assertEquals(List.of("001", "002"), ids(expected));
        byte[] bytes = ("\ufeff" + spec).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= 6; i++) {
            for (int j = i; j <= 6; j++) {
                // each piece followed by an empty chunk; every chunk must be released, the held ones too
                List<ByteBuf> given = new ArrayList<>();
                for (ByteBuf piece : pieces(bytes, i, j).collectList().block(TIMEOUT)) {
                    given.add(ByteBufAllocator.DEFAULT.buffer().writeBytes(piece));
                    given.add(ByteBufAllocator.DEFAULT.buffer(0));
                }
                assertEquals(expected, PARSER.parse(Flux.fromIterable(given)).collectList().block(TIMEOUT),
                        "cuts " + i + "," + j);
                given.forEach(buf -> assertEquals(0, buf.refCnt(), "a chunk left unreleased"));
            }
        }
        assertEquals(List.of(), parse("\ufeff"));
        assertEquals(List.of(), parse("\ufeff \n"));
    }

    @Test
    void errorsAfterAByteOrderMarkCountItsThreeBytes() {
        assertSpecError("\ufeffuser: a || oops", 1, 2, 1, 3 + 11, "invalid message format \"oops\"");
        assertSpecError("\ufeff\nbogus: a", 1, 1, 2, 4, "unknown role \"bogus\"");
    }

    @Test
    void jsonlWithAByteOrderMarkIsDetectedAndValidatedInEitherMode() {
        String line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n";
        RequestSpecParser jsonl = RequestSpecParser.create(SpecOptions.defaults().withFormat(SpecFormat.JSONL));
        for (RequestSpecParser parser : List.of(PARSER, jsonl)) {
            byte[] bytes = ("\ufeff" + line + "[]\n").getBytes(StandardCharsets.UTF_8);
            StepVerifier.create(parser.parse(pieces(bytes, 1, 2)))
                    .expectNextMatches(r -> r.customId().equals("a"))
                    .expectErrorSatisfies(e -> {
                        RequestSpecException error = (RequestSpecException) e;
                        assertEquals(2, error.line());
                        assertEquals(3 + line.length(), error.byteOffset());
                    })
                    .verify(TIMEOUT);
        }
    }

    @Test
    void aUtf16OrUtf32InputIsRefusedAsSuchInEveryFormat() {
        RequestSpecParser spec = RequestSpecParser.create(SpecOptions.defaults().withFormat(SpecFormat.SPEC));
        RequestSpecParser jsonl = RequestSpecParser.create(SpecOptions.defaults().withFormat(SpecFormat.JSONL));
        for (String charset : List.of("UTF-16", "UTF-16LE", "UTF-32", "UTF-32LE", "UTF-16BE-without-mark",
                "UTF-16LE-without-mark")) {
            // Java's UTF-16 encoder writes the big-endian mark FE FF; Windows editors write FF FE (UTF-16LE)
            byte[] text = charset.endsWith("-without-mark")
                    ? "user: hi".getBytes(java.nio.charset.Charset.forName(charset.replace("-without-mark", "")))
                    : ("\ufeffuser: hi /// user: bye").getBytes(java.nio.charset.Charset.forName(charset));
            String reason = text[0] == 'u' ? "the input is not UTF-8: its second byte is 0x00, as in UTF-16 "
                    + "little-endian text; save it as UTF-8"
                    : "the input is not UTF-8: it starts with byte " + String.format("0x%02X", text[0] & 0xFF)
                            + ", as UTF-16 and UTF-32 files do; save it as UTF-8";
            for (RequestSpecParser parser : List.of(PARSER, spec, jsonl)) {
                for (int cut = 0; cut <= 3; cut++) {
                    List<ByteBuf> given = new ArrayList<>();
                    for (ByteBuf piece : pieces(text, cut).collectList().block(TIMEOUT)) {
                        given.add(ByteBufAllocator.DEFAULT.buffer().writeBytes(piece));
                    }
                    StepVerifier.create(parser.parse(Flux.fromIterable(given)))
                            .expectErrorSatisfies(e -> {
                                RequestSpecException error = (RequestSpecException) e;
                                assertEquals(1, error.line());
                                assertEquals(0, error.byteOffset());
                                assertEquals(reason, error.reason(), charset);
                                assertTrue(e.getMessage().startsWith(parser == jsonl ? "invalid JSONL at line 1"
                                        : "invalid request spec at request 1 (line 1, byte 0)"), e.getMessage());
                            })
                            .verify(TIMEOUT);
                    given.forEach(buf -> assertEquals(0, buf.refCnt()));
                }
            }
        }
    }

    @Test
    void inputsShorterThanAMarkParseAsTheyAre() {
        assertEquals(List.of(), parse(" "));
        assertEquals(List.of(), parse(" \n"));
        assertSpecError("x", 1, 1, 1, 0, "invalid message format \"x\"");
        assertSpecError("x:", 1, 1, 1, 0, "unknown role \"x\"");
        assertSpecError(PARSER, pieces(new byte[] {'x', ':'}, 1), 1, 1, 1, 0, "unknown role \"x\"");
        assertSpecError("\u0000", 1, 0, 1, 0, "it starts with byte 0x00");
    }

    @Test
    void aRefusedInputParsesNothingAfterItsError() {
        ByteOrderMarkCheck<BatchRequest> check = new ByteOrderMarkCheck<>(
                new SpecChunkParser<>(SpecOptions.defaults(), new RequestsOutput("m", "/v1/chat/completions")), false);
        ByteBuf wide = ByteBufAllocator.DEFAULT.buffer().writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 'u', 0, 's'});
        assertTrue(check.feed(wide).error() instanceof RequestSpecException);
        ByteBuf later = Unpooled.copiedBuffer("user: taken for the start ///", StandardCharsets.UTF_8);
        assertEquals(List.of(), check.feed(later).items());
        assertEquals(0, later.refCnt());
        assertEquals(List.of(), check.finish().items());
        assertEquals(0, wide.refCnt());
    }

    @Test
    void aByteOrderMarkElsewhereOrOnlyPartOfOneIsText() {
        assertEquals("a\ufeff b", parse("user: a\ufeff b").get(0).body().get("messages").get(0).get("content")
                .asString());
        assertEquals("\ufeffb", parse("user: a /// user: \ufeffb").get(1).body().get("messages").get(0)
                .get("content").asString());
        // the mark's first two bytes, then a role: not a mark, so not valid UTF-8 either
        byte[] partial = {(byte) 0xEF, (byte) 0xBB, 'u', 's', 'e', 'r', ':', ' ', 'x'};
        for (int cut = 0; cut <= 3; cut++) {
            StepVerifier.create(PARSER.parse(pieces(partial, cut)))
                    .expectErrorSatisfies(e -> {
                        RequestSpecException error = (RequestSpecException) e;
                        assertEquals(1, error.requestNumber());
                        assertEquals(0, error.byteOffset(), e.getMessage());
                    })
                    .verify(TIMEOUT);
        }
        StepVerifier.create(PARSER.parse(pieces(new byte[] {(byte) 0xEF, (byte) 0xBB}, 1)))
                .expectError(RequestSpecException.class)
                .verify(TIMEOUT);
    }

    @Test
    void quotedInputInAnErrorHasItsControlCharactersEscapedSoTheMessageIsOneLine() {
        assertSpecError("user: hi || no colon\nbut a second line", 1, 2, 1, 12,
                "invalid message format \"no colon\\nbut a second line\"");
        assertSpecError("\u001b[31muser: red", 1, 1, 1, 0, "unknown role \"\\u001b[31muser\"");
        String line = "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n";
        StepVerifier.create(PARSER.parse(Flux.just(Unpooled.copiedBuffer(line + line.replace("/v1/chat",
                        "\\u001b]0;owned\\u0007/v1/chat"), StandardCharsets.UTF_8))))
                .expectNextCount(1)
                .expectErrorSatisfies(e -> {
                    assertTrue(e.getMessage().contains("url \"\\u001b]0;owned\\u0007/v1/chat/completions\""),
                            e.getMessage());
                    assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
                })
                .verify(TIMEOUT);
    }

    @Test
    void forcedSpecFormatTreatsBraceAsText() {
        RequestSpecParser spec = RequestSpecParser.create(SpecOptions.defaults().withFormat(SpecFormat.SPEC));
        assertSpecError(spec, Flux.just(Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8)), 1, 1, 1, 0,
                "unknown role \"{\"a\"\"");
    }

    @Test
    void readsFilesInChunksOffTheCallerThread(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("spec.txt");
        String text = ("system: be brief || user: " + "é".repeat(5000) + " ///\n").repeat(40);
        Files.writeString(file, text);
        List<BatchRequest> requests = PARSER.parse(file).collectList().block(TIMEOUT);
        assertEquals(40, requests.size());
        assertEquals("040", requests.get(39).customId());
        assertEquals(PARSER.parse(text).collectList().block(TIMEOUT), requests);
    }

    @Test
    void jsonlFixturesParseThroughAutoDetection(@TempDir Path dir) throws IOException {
        for (String name : List.of("openai-chat-input.jsonl", "vllm-example-input.jsonl")) {
            Path file = dir.resolve(name);
            try (var in = getClass().getResourceAsStream("/fixtures/" + name)) {
                Files.copy(in, file);
            }
            long expected = name.startsWith("openai") ? 65 : 2;
            assertEquals(expected, PARSER.parse(file).count().block(TIMEOUT), name);
        }
    }

    @Test
    void missingFileErrorsNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.txt");
        StepVerifier.create(PARSER.parse(missing))
                .expectErrorSatisfies(e -> {
                    assertTrue(e instanceof BatchfluxException);
                    assertEquals("request file not found: " + missing, e.getMessage());
                })
                .verify(TIMEOUT);
    }
}
