package io.batchflux.bench;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.JsonlEncoder;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;

/**
 * One op = encoding the same 10,000 prebuilt {@code BatchRequest}s as {@link SpecParserBenchmark} into JSONL
 * buffers from the pooled allocator, each buffer released as it arrives. Returns the JSONL byte count.
 * requests/s = ops/s x 10,000; MB/s = ops/s x output bytes (printed at setup).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class JsonlEncoderBenchmark {
    private List<BatchRequest> requests;
    private JsonlEncoder encoder;

    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < SpecParserBenchmark.REQUESTS; i++) {
            s.append(Corpus.specEntry(i, SpecParserBenchmark.CONTENT_BYTES));
        }
        requests = RequestSpecParser.create(SpecOptions.defaults()).parse(s.toString()).collectList().block();
        encoder = JsonlEncoder.create(PooledByteBufAllocator.DEFAULT);
        System.out.printf("%n[fixture] %d requests encode to %d JSONL bytes%n", requests.size(), encode());
    }

    @Benchmark
    public long encode() {
        return encoder.encode(Flux.fromIterable(requests))
                .reduce(0L, (sum, buf) -> {
                    long n = sum + buf.readableBytes();
                    buf.release();
                    return n;
                })
                .block();
    }
}
