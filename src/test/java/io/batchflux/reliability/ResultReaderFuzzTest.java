package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.batchflux.BatchResult;
import io.batchflux.results.ResultFileReader;
import io.batchflux.results.ResultFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzes {@link ResultFileReader} with generated result files (OpenAI's three line shapes and vLLM's, cut into
 * random chunks), mutations of them and random bytes, and pins: the only error is {@link ResultFormatException};
 * no input hangs; every buffer is released; a valid file yields its results, in order, however it is chunked.
 */
class ResultReaderFuzzTest {
    private static final int TARGET_INPUTS = 30_000;
    private static final Duration BUDGET = Duration.ofSeconds(40);
    private static final Duration PER_INPUT = Duration.ofSeconds(5);
    private static Scheduler fuzzThread;

    @BeforeAll
    static void start() {
        fuzzThread = Schedulers.newSingle("result-fuzz");
    }

    @AfterAll
    static void stop() {
        fuzzThread.dispose();
    }

    record ResultFile(String kind, byte[] bytes, List<String> expected) {}

    @Test
    void resultReaderSignalsOnlyResultFormatExceptionAndIgnoresChunking() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        int inputs = 0;
        while (inputs < TARGET_INPUTS && System.nanoTime() - start < BUDGET.toNanos() && failures.size() < 10) {
            ResultFile file = switch (random.nextInt(4)) {
                case 0, 1 -> valid(random);
                case 2 -> {
                    FuzzInputs.Input m = FuzzInputs.mutate(new FuzzInputs.Input("result", valid(random).bytes(),
                            List.of()), random);
                    yield new ResultFile(m.kind(), m.bytes(), null);
                }
                default -> {
                    FuzzInputs.Input b = FuzzInputs.randomBytes(random);
                    yield new ResultFile(b.kind(), b.bytes(), null);
                }
            };
            inputs++;
            FuzzChunks chunks = new FuzzChunks();
            boolean allocator = random.nextInt(50) == 0;
            String where = "seed " + seed + ", input #" + inputs + " (" + file.kind() + "): "
                    + FuzzInputs.show(file.bytes());
            Object whole = read(chunks.whole(file.bytes(), allocator));
            Object chunked = read(chunks.cut(file.bytes(), random, allocator));
            int unreleased = chunks.unreleasedAndReset();
            if (unreleased > 0) {
                failures.add(unreleased + " buffer(s) not released, " + where);
            }
            for (Object o : List.of(whole, chunked)) {
                if (o instanceof Throwable t && !(t instanceof ResultFormatException)) {
                    failures.add("unexpected " + ParserFuzzTest.stackTrace(t) + "\n  for " + where);
                }
            }
            String w = describe(whole);
            String c = describe(chunked);
            if (!w.equals(c)) {
                failures.add("whole gave " + w + " but chunked gave " + c + ", " + where);
            }
            if (file.expected() != null && !file.expected().toString().equals(w)) {
                failures.add("valid file gave " + w + ", expected " + file.expected() + ", " + where);
            }
        }
        String summary = String.format("result reader fuzz: %d inputs in %.1f s, seed %d", inputs,
                (System.nanoTime() - start) / 1e9, seed);
        System.out.println(summary);
        Figures.write("result-fuzz.txt", summary);
        if (!failures.isEmpty()) {
            fail(failures.size() + " failure(s), " + summary + ":\n" + String.join("\n\n", failures));
        }
        assertTrue(inputs >= TARGET_INPUTS, "only " + inputs + " inputs ran: " + summary);
    }

    /**
     * A line longer than the reader's 16 MiB line limit is a malformed result file like any other, so it must be
     * reported as a {@link ResultFormatException} naming file and line, as the reader's contract says.
     */
    @Test
    void overlongResultLineIsAResultFormatException() {
        byte[] line = new byte[16 * 1024 * 1024 + 2];
        Arrays.fill(line, (byte) 'x');
        ByteBuf buf = Unpooled.wrappedBuffer(line);
        StepVerifier.create(ResultFileReader.read(Flux.just(buf), "file-long"))
                .expectErrorSatisfies(e -> assertTrue(e instanceof ResultFormatException,
                        "expected ResultFormatException, got " + e))
                .verify(Duration.ofSeconds(30));
        assertTrue(buf.refCnt() == 0, "the chunk was not released");
    }

    private static Object read(List<ByteBuf> chunks) {
        try {
            List<BatchResult> results = ResultFileReader.read(Flux.fromIterable(chunks), "file-fuzz")
                    .subscribeOn(fuzzThread).collectList().block(PER_INPUT);
            return results;
        } catch (RuntimeException e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).startsWith("Timeout")) {
                return new AssertionError("hang: no outcome within " + PER_INPUT, cause);
            }
            return cause;
        } catch (Error e) {
            return e;
        }
    }

    @SuppressWarnings("unchecked")
    private static String describe(Object outcome) {
        if (outcome instanceof Throwable t) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return ((List<BatchResult>) outcome).stream()
                .map(r -> r.getClass().getSimpleName() + ":" + r.customId()).toList().toString();
    }

    private static ResultFile valid(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        int lines = r.nextInt(5);
        for (int i = 0; i < lines; i++) {
            String id = "req-" + i + (r.nextBoolean() ? "-é👋" : "");
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            if (r.nextBoolean()) {
                line.put("id", r.nextBoolean() ? "batch_req_" + Long.toHexString(r.nextLong()) : "vllm-" + i);
            }
            line.put("custom_id", id);
            String kind;
            switch (r.nextInt(4)) {
                case 0 -> {
                    ObjectNode res = line.putObject("response");
                    res.put("status_code", 200);
                    res.put("request_id", "r" + i);
                    res.putObject("body").putArray("choices").addObject().putObject("message")
                            .put("role", "assistant").put("content", "echo: " + id);
                    line.putNull("error");
                    kind = "Succeeded";
                }
                case 1 -> {
                    ObjectNode res = line.putObject("response");
                    res.put("status_code", 400 + r.nextInt(200));
                    res.putObject("body").putObject("error").put("message", "bad").put("type", "invalid_request_error")
                            .put("code", "emulated_failure");
                    line.putNull("error");
                    kind = "Failed";
                }
                case 2 -> {
                    line.putNull("response");
                    line.putObject("error").put("code", "batch_expired").put("message", "expired");
                    kind = "NotExecuted";
                }
                default -> { // vLLM: a bare-string error beside a body-less response
                    ObjectNode res = line.putObject("response");
                    res.put("status_code", 500);
                    res.putNull("body");
                    line.put("error", "engine died");
                    kind = "Failed";
                }
            }
            expected.add(kind + ":" + id);
            sb.append(FuzzInputs.JSON.writeValueAsString(line));
            if (i < lines - 1 || r.nextBoolean()) {
                sb.append(r.nextBoolean() ? "\n" : "\r\n");
            }
            if (r.nextInt(8) == 0) {
                sb.append("\n"); // blank lines yield nothing
            }
        }
        return new ResultFile("valid-results", sb.toString().getBytes(StandardCharsets.UTF_8), expected);
    }
}
