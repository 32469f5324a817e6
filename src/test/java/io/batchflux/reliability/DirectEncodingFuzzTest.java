package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.EncodableRequests;
import io.batchflux.jsonl.EncodeLimits;
import io.batchflux.jsonl.EncodedLine;
import io.batchflux.jsonl.EncodedTotals;
import io.batchflux.jsonl.JsonlEncoder;
import io.batchflux.jsonl.LineEncoder;
import io.batchflux.reliability.FuzzInputs.Input;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The parser's flux encodes itself ({@link EncodableRequests}) without building body trees; this pins that the
 * shortcut is invisible. For generated inputs (valid specs with every ASCII character and non-ASCII text in
 * their messages, JSONL, mutations, random bytes), cut into random chunks, under random limits: the JSONL buffers
 * (sizes and bytes), the totals, the per-request lines, the count of the validation pass and the error (class and
 * message) are exactly those of the generic path, which encodes (or counts) the emitted {@code BatchRequest}s; and
 * every buffer is released.
 */
class DirectEncodingFuzzTest {
    private static final int TARGET_INPUTS = 20_000;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Duration PER_RUN = Duration.ofSeconds(5);
    private static final String[] NON_ASCII = {"é", "€", "👋", "\u2028", "\u00a0"};

    /** What one encoding produced: each buffer as hex (or each line), the totals, or the error. */
    record Outcome(List<String> output, String totals, String error) {
        static Outcome of(Throwable e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            return new Outcome(List.of(), "", cause.getClass().getName() + ": " + cause.getMessage());
        }
    }

    @Test
    void directEncodingEqualsEncodingTheEmittedRequests() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int inputs = 0;
        int valid = 0;
        while (inputs < TARGET_INPUTS && System.nanoTime() < deadline && failures.size() < 5) {
            Input input = generate(random);
            SpecOptions options = SpecOptions.defaults().withModel(random.nextBoolean() ? "gpt-4o-mini" : "m\"1/é")
                    .withMaxRequestBytes(random.nextInt(10) == 0 ? 1 + random.nextInt(200) : 1 << 20);
            RequestSpecParser parser = RequestSpecParser.create(options);
            EncodeLimits limits = random.nextInt(5) == 0
                    ? new EncodeLimits(1 + random.nextInt(4), 50 + random.nextInt(2000))
                    : EncodeLimits.OPENAI;
            JsonlEncoder encoder = JsonlEncoder.create(ByteBufAllocator.DEFAULT).withChunkBytes(8 * 1024)
                    .withLimits(limits);
            FuzzChunks chunks = new FuzzChunks();
            boolean allocator = random.nextInt(20) == 0;
            // the same cuts for all: the outputs are compared with each other, not with a whole-input parse
            List<ByteBuf> a = chunks.cut(input.bytes(), random, allocator);
            List<ByteBuf> b = chunks.copy(a, allocator);
            List<ByteBuf> c = chunks.copy(a, allocator);
            List<ByteBuf> d = chunks.copy(a, allocator);
            List<ByteBuf> e = chunks.copy(a, allocator);
            List<ByteBuf> f = chunks.copy(a, allocator);
            Flux<BatchRequest> direct = parser.parse(Flux.fromIterable(a));
            assertInstanceOf(EncodableRequests.class, direct);
            Outcome directJsonl = jsonl(encoder, direct);
            Outcome genericJsonl = jsonl(encoder, parser.parse(Flux.fromIterable(b)).hide());
            Outcome directLines = lines(((EncodableRequests) parser.parse(Flux.fromIterable(c))).encodeLines());
            Outcome genericLines = lines(Flux.defer(() -> {
                LineEncoder lineEncoder = new LineEncoder();
                return parser.parse(Flux.fromIterable(d)).map(lineEncoder::encode);
            }));
            Outcome directCount = count(((EncodableRequests) parser.parse(Flux.fromIterable(e))).validateAndCount(Long.MAX_VALUE));
            Outcome genericCount = count(parser.parse(Flux.fromIterable(f)).count());
            inputs++;
            if (directJsonl.error() == null) {
                valid++;
            }
            String where = "seed " + seed + ", input #" + inputs + " (" + input.kind() + ", " + limits + ", "
                    + options.maxRequestBytes() + " bytes/request): " + FuzzInputs.show(input.bytes());
            if (!directJsonl.equals(genericJsonl)) {
                failures.add("JSONL: direct " + directJsonl + "\n  generic " + genericJsonl + "\n  " + where);
            }
            if (!directLines.equals(genericLines)) {
                failures.add("lines: direct " + directLines + "\n  generic " + genericLines + "\n  " + where);
            }
            if (!directCount.equals(genericCount)) {
                failures.add("count: direct " + directCount + "\n  generic " + genericCount + "\n  " + where);
            }
            int unreleased = chunks.unreleasedAndReset();
            if (unreleased > 0) {
                failures.add(unreleased + " input buffer(s) not released, " + where);
            }
        }
        String summary = String.format("direct-encoding fuzz: %d inputs (%d encoded without error), seed %d",
                inputs, valid, seed);
        System.out.println(summary);
        if (!failures.isEmpty()) {
            fail(failures.size() + " failure(s), " + summary + ":\n" + String.join("\n\n", failures));
        }
        assertTrue(inputs >= TARGET_INPUTS / 10, "too few inputs within the budget: " + summary);
        assertTrue(valid >= inputs / 10, "too few inputs encoded without error to compare bytes: " + summary);
    }

    @Test
    void everyAsciiCharacterAndNonAsciiTextEncodeLikeJackson() {
        StringBuilder spec = new StringBuilder();
        for (int c = 0; c < 128; c++) {
            spec.append("user: a").append((char) c).append("b///"); // one '/' or '|' is no delimiter
        }
        spec.append("system: héllo \"👋\" \\ ü\u2028 || user: tab\there\nnew line /// assistant:   ∑ 日本 \u0001 ");
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults());
        JsonlEncoder encoder = JsonlEncoder.create(ByteBufAllocator.DEFAULT);
        Outcome direct = jsonl(encoder, parser.parse(spec.toString()));
        Outcome generic = jsonl(encoder, parser.parse(spec.toString()).hide());
        assertEquals(null, direct.error(), direct::toString);
        assertEquals(generic, direct);
    }

    private static Input generate(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0, 1 -> FuzzInputs.validSpec(random);
            case 2 -> trickySpec(random);
            case 3 -> FuzzInputs.validJsonl(random);
            case 4 -> FuzzInputs.mutate(FuzzInputs.validSpec(random), random);
            case 5 -> FuzzInputs.mutate(FuzzInputs.validJsonl(random), random);
            default -> FuzzInputs.randomBytes(random);
        };
    }

    /** A spec whose message texts hold any ASCII character and some non-ASCII ones. */
    private static Input trickySpec(SplittableRandom random) {
        StringBuilder spec = new StringBuilder();
        int pieces = 1 + random.nextInt(4);
        for (int p = 0; p < pieces; p++) {
            if (p > 0) {
                spec.append("///");
            }
            int messages = 1 + random.nextInt(3);
            for (int m = 0; m < messages; m++) {
                if (m > 0) {
                    spec.append("||");
                }
                spec.append(random.nextBoolean() ? "user" : " system ").append(':');
                int length = random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    int kind = random.nextInt(10);
                    if (kind == 0) {
                        spec.append(NON_ASCII[random.nextInt(NON_ASCII.length)]);
                    } else {
                        spec.append((char) (kind == 1 ? random.nextInt(32) : 32 + random.nextInt(96)));
                    }
                }
            }
        }
        // the text may hold "//" and "|" runs: whatever it parses to, both paths must agree
        return new Input("tricky-spec", spec.toString().getBytes(StandardCharsets.UTF_8), null);
    }

    private static Outcome jsonl(JsonlEncoder encoder, Flux<BatchRequest> requests) {
        AtomicReference<EncodedTotals> totals = new AtomicReference<>();
        try {
            List<String> buffers = encoder.encode(requests, totals::set)
                    .map(buf -> {
                        try {
                            byte[] bytes = new byte[buf.readableBytes()];
                            buf.readBytes(bytes);
                            return HexFormat.of().formatHex(bytes);
                        } finally {
                            buf.release();
                        }
                    })
                    .collectList().block(PER_RUN);
            return new Outcome(buffers, String.valueOf(totals.get()), null);
        } catch (RuntimeException e) {
            return Outcome.of(e);
        }
    }

    private static Outcome count(Mono<Long> count) {
        try {
            return new Outcome(List.of(String.valueOf(count.block(PER_RUN))), "", null);
        } catch (RuntimeException e) {
            return Outcome.of(e);
        }
    }

    private static Outcome lines(Flux<EncodedLine> lines) {
        try {
            Function<EncodedLine, String> show = line -> line.customId() + " "
                    + new String(line.bytes(), StandardCharsets.UTF_8);
            List<String> shown = lines.map(show).collectList().block(PER_RUN);
            return new Outcome(Objects.requireNonNull(shown), "", null);
        } catch (RuntimeException e) {
            return Outcome.of(e);
        }
    }
}
