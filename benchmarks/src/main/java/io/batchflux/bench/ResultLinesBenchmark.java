package io.batchflux.bench;

import io.batchflux.jsonl.LineSplitter;
import io.batchflux.json.WireJson;
import io.batchflux.results.ResultFileReader;
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
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * One op = reading {@link #LINES} chat-completion output lines (~1 KB each, OpenAI's shape) held as 64 KiB heap
 * chunks: {@code read} = {@code ResultFileReader.read} (split + parse into {@code BatchResult}); {@code split} =
 * {@code LineSplitter} alone; {@code readTreeFloor} = a bare Jackson {@code readTree} of the same lines already
 * split into byte arrays (the floor). lines/s = ops/s x 10,000; MB/s = ops/s x file bytes (printed at setup).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ResultLinesBenchmark {
    static final int LINES = 10_000;
    static final int CONTENT_BYTES = 250;

    private Chunks file;
    private byte[][] lines;
    private JsonMapper mapper;

    @Setup(Level.Trial)
    public void setUp() {
        StringBuilder all = new StringBuilder();
        lines = new byte[LINES][];
        for (int i = 0; i < LINES; i++) {
            String line = Corpus.resultLine(i, CONTENT_BYTES);
            all.append(line);
            lines[i] = Corpus.utf8(line.substring(0, line.length() - 1));
        }
        file = new Chunks(Corpus.utf8(all.toString()), Chunks.CHUNK_BYTES);
        mapper = WireJson.mapper();
        System.out.printf("%n[fixture] %d result lines, %d bytes (%.0f bytes/line) in %d chunks%n", LINES,
                file.totalBytes(), (double) file.totalBytes() / LINES, file.count());
        if (read() != LINES || split() != LINES) {
            throw new IllegalStateException("line count mismatch");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        file.releaseAndCheck();
    }

    @Benchmark
    public long read() {
        return ResultFileReader.read(file.flux(), "file-x").count().block();
    }

    @Benchmark
    public long split() {
        return LineSplitter.split(file.flux(), LineSplitter.DEFAULT_MAX_LINE_BYTES).count().block();
    }

    @Benchmark
    public void readTreeFloor(Blackhole bh) {
        for (byte[] line : lines) {
            bh.consume(mapper.readTree(line));
        }
    }
}
