package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import io.batchflux.reliability.FuzzInputs.Input;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecFormat;
import io.batchflux.spec.SpecOptions;
import io.netty.buffer.ByteBuf;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Fuzzes the request spec parser and the JSONL request reader with at least 100,000 generated inputs (valid
 * specs and JSONL cut into random chunks, mutations of them, random bytes) within 90 s, and pins: the only error
 * ever signalled is {@link RequestSpecException}; no input hangs (5 s each, parsed on a separate thread); every
 * buffer fed in is released; a valid input parses to its requests however it is chunked; and any input gives
 * the same outcome (requests or error message, positions included) whole and chunked.
 */
class ParserFuzzTest {
    private static final int TARGET_INPUTS = 100_000;
    private static final Duration BUDGET = Duration.ofSeconds(90);
    private static final Duration PER_INPUT = Duration.ofSeconds(5);

    private static Scheduler fuzzThread;

    @BeforeAll
    static void start() {
        // an executor of ordinary threads: the parses block inside it, which Reactor's own schedulers forbid
        fuzzThread = Schedulers.fromExecutorService(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parser-fuzz");
            t.setDaemon(true);
            return t;
        }));
    }

    @AfterAll
    static void stop() {
        fuzzThread.dispose();
    }

    /** What one parse produced: the requests, or the error's class and message. */
    record Outcome(List<BatchRequest> requests, Throwable error) {
        boolean sameAs(Outcome other) {
            if (error == null || other.error == null) {
                return error == other.error && requests.equals(other.requests);
            }
            return error.getClass() == other.error.getClass()
                    && Objects.equals(error.getMessage(), other.error.getMessage());
        }

        @Override
        public String toString() {
            return error == null ? requests.size() + " requests " + requests : "error " + error;
        }
    }

    @Test
    void parsersSignalOnlyRequestSpecExceptionAndIgnoreChunking() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + BUDGET.toNanos();
        int inputs = 0;
        long parses = 0;
        int specInputs = 0;
        int jsonlInputs = 0;
        while (inputs < TARGET_INPUTS && System.nanoTime() < deadline && failures.size() < 10) {
            boolean jsonlTarget = random.nextInt(3) == 0;
            Input input = generate(random);
            int maxBytes = random.nextInt(20) == 0 ? 1 + random.nextInt(64) : 1024 * 1024;
            Function<Flux<ByteBuf>, Flux<BatchRequest>> target;
            String targetName;
            if (jsonlTarget) {
                RequestSpecParser reader = RequestSpecParser.create(SpecOptions.defaults().withModel(FuzzInputs.MODEL)
                        .withEndpoint(FuzzInputs.ENDPOINT).withFormat(SpecFormat.JSONL).withMaxRequestBytes(maxBytes));
                target = reader::parse;
                targetName = "RequestSpecParser(JSONL, maxRequestBytes=" + maxBytes + ")";
                jsonlInputs++;
            } else {
                RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults().withMaxRequestBytes(maxBytes));
                target = parser::parse;
                targetName = "RequestSpecParser(maxRequestBytes=" + maxBytes + ")";
                specInputs++;
            }
            boolean jsonlInput = input.kind().contains("jsonl");
            // the reader only knows JSONL; a spec there is just an invalid input, with no expected requests
            List<BatchRequest> expected = maxBytes < 1024 * 1024 || (jsonlTarget && !jsonlInput) ? null : input.expected();
            FuzzChunks chunks = new FuzzChunks();
            boolean allocator = random.nextInt(50) == 0;
            List<ByteBuf> wholeChunks = chunks.whole(input.bytes(), allocator);
            List<ByteBuf> cutChunks = chunks.cut(input.bytes(), random, allocator);
            Outcome[] both;
            try {
                both = reactor.core.publisher.Mono.fromCallable(() -> new Outcome[] {run(target, wholeChunks),
                        run(target, cutChunks)}).subscribeOn(fuzzThread).block(PER_INPUT.multipliedBy(2));
            } catch (RuntimeException e) {
                failures.add("hang or failure of the harness (" + e + ") for seed " + seed + ", input #" + inputs
                        + ": " + FuzzInputs.show(input.bytes()));
                break;
            }
            Outcome whole = both[0];
            Outcome chunked = both[1];
            parses += 2;
            inputs++;
            String where = "seed " + seed + ", input #" + inputs + " (" + input.kind() + ") to " + targetName + ": "
                    + FuzzInputs.show(input.bytes());
            int unreleased = chunks.unreleasedAndReset();
            if (unreleased > 0) {
                failures.add(unreleased + " buffer(s) not released, " + where);
            }
            for (Outcome o : List.of(whole, chunked)) {
                if (o.error() != null && !(o.error() instanceof RequestSpecException)) {
                    failures.add("unexpected " + stackTrace(o.error()) + "\n  for " + where);
                }
            }
            if (!whole.sameAs(chunked)) {
                failures.add("whole gave " + whole + " but chunked gave " + chunked + ", " + where);
            }
            if (expected != null && (whole.error() != null || !whole.requests().equals(expected))) {
                failures.add("valid input gave " + whole + ", expected " + expected + ", " + where);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String summary = String.format("parser fuzz: %d inputs (%d spec parser, %d JSONL reader), %d parses in %.1f s,"
                + " seed %d", inputs, specInputs, jsonlInputs, parses, seconds, seed);
        System.out.println(summary);
        Figures.write("parser-fuzz.txt", summary);
        if (!failures.isEmpty()) {
            fail(failures.size() + " failure(s), " + summary + ":\n" + String.join("\n\n", failures));
        }
        assertTrue(inputs >= TARGET_INPUTS, "only " + inputs + " inputs ran within " + BUDGET + ": " + summary);
    }

    private static Input generate(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> FuzzInputs.validSpec(random);
            case 1 -> FuzzInputs.validJsonl(random);
            case 2 -> FuzzInputs.mutate(FuzzInputs.validSpec(random), random);
            case 3, 4 -> FuzzInputs.mutate(FuzzInputs.validJsonl(random), random);
            default -> FuzzInputs.randomBytes(random);
        };
    }

    /** Parses {@code chunks}; called on the fuzz thread, so a hang is caught by the caller's timeout. */
    static Outcome run(Function<Flux<ByteBuf>, Flux<BatchRequest>> target, List<ByteBuf> chunks) {
        try {
            List<BatchRequest> requests = target.apply(Flux.fromIterable(chunks)).collectList().block(PER_INPUT);
            return new Outcome(requests, null);
        } catch (RuntimeException e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).startsWith("Timeout")) {
                return new Outcome(null, new AssertionError("hang: no outcome within " + PER_INPUT, cause));
            }
            return new Outcome(null, cause);
        } catch (Error e) {
            return new Outcome(null, e); // OutOfMemoryError, StackOverflowError: reported as unexpected
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
