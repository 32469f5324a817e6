package io.batchflux.bench;

import io.batchflux.jsonl.JsonlEncoder;
import io.batchflux.spec.RequestSpecParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.batchflux.spec.SpecOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * One op = parsing the whole in-memory input of {@link #REQUESTS} requests (~1 KB of content each, 2-3 messages)
 * from 64 KiB heap chunks into {@code BatchRequest}s ({@code parseSpec}, {@code parseJsonl}), or a spec into JSONL
 * upload buffers: straight from the parsed messages as {@code client.submit} does ({@code specToJsonl}), and
 * through {@code BatchRequest}s and their body trees ({@code specToJsonlThroughRequests}: the parser's flux hidden
 * from the encoder). requests/s = ops/s x 10,000; MB/s = ops/s x input bytes (printed at setup).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SpecParserBenchmark {
    static final int REQUESTS = 10_000;
    static final int CONTENT_BYTES = 1000;

    private Chunks spec;
    private Chunks jsonl;
    private RequestSpecParser parser;
    private JsonlEncoder encoder;

    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder s = new StringBuilder();
        StringBuilder j = new StringBuilder();
        for (int i = 0; i < REQUESTS; i++) {
            s.append(Corpus.specEntry(i, CONTENT_BYTES));
            j.append(Corpus.jsonlEntry(i, CONTENT_BYTES));
        }
        spec = new Chunks(Corpus.utf8(s.toString()), Chunks.CHUNK_BYTES);
        jsonl = new Chunks(Corpus.utf8(j.toString()), Chunks.CHUNK_BYTES);
        parser = RequestSpecParser.create(SpecOptions.defaults());
        encoder = JsonlEncoder.create(ByteBufAllocator.DEFAULT);
        System.out.printf("%n[fixture] spec %d bytes in %d chunks, jsonl %d bytes in %d chunks, %d requests%n",
                spec.totalBytes(), spec.count(), jsonl.totalBytes(), jsonl.count(), REQUESTS);
        check(parseSpec(), "spec");
        check(parseJsonl(), "jsonl");
        if (specToJsonl() != specToJsonlThroughRequests()) {
            throw new IllegalStateException("the two encodings differ in length");
        }
    }

    private static void check(long n, String what) {
        if (n != REQUESTS) {
            throw new IllegalStateException(what + " parsed " + n + " requests, expected " + REQUESTS);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        spec.releaseAndCheck();
        jsonl.releaseAndCheck();
    }

    @Benchmark
    public long parseSpec() {
        return parser.parse(spec.flux()).count().block();
    }

    @Benchmark
    public long parseJsonl() {
        return parser.parse(jsonl.flux()).count().block();
    }

    @Benchmark
    public long specToJsonl() {
        return bytes(encoder.encode(parser.parse(spec.flux())));
    }

    @Benchmark
    public long specToJsonlThroughRequests() {
        return bytes(encoder.encode(parser.parse(spec.flux()).hide()));
    }

    private static long bytes(Flux<ByteBuf> jsonl) {
        return jsonl.reduce(0L, (sum, buf) -> {
            long n = sum + buf.readableBytes();
            buf.release();
            return n;
        }).block();
    }
}
