package io.batchflux.shard;

import io.batchflux.Batch;
import io.batchflux.BatchRequest;
import io.batchflux.FileObject;
import io.batchflux.JobShard;
import io.batchflux.ShardCreated;
import io.batchflux.SubmitOptions;
import io.batchflux.jsonl.EncodedLine;
import io.batchflux.jsonl.EncodableRequests;
import io.batchflux.jsonl.JsonlEncoder;
import io.batchflux.jsonl.LineChunker;
import io.batchflux.jsonl.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cuts a request stream into shards by request count and encoded bytes and submits each as it arrives: its
 * lines stream into their own upload, then its batch is created. Each request is encoded once; a shard's lines
 * are never gathered, so memory stays constant whatever the number of requests. Shards go one at a time and
 * are emitted in order as their batches are created. An error of the request stream ends it at the next shard
 * boundary: the shard being read is aborted with it, the shards before it are finished first.
 */
public final class ShardSubmitter {
    /** A line with its 1-based ordinal in the whole stream, fixed before the stream is cut. */
    private record ShardLine(long ordinal, EncodedLine line) {}

    private final BiFunction<Flux<ByteBuf>, SubmitOptions, Mono<FileObject>> upload;
    private final BiFunction<String, SubmitOptions, Mono<Batch>> create;
    private final ByteBufAllocator allocator;

    /**
     * @param upload uploads one shard's JSONL body
     * @param create creates the batch over an uploaded file id (and removes the file if that fails)
     */
    public ShardSubmitter(BiFunction<Flux<ByteBuf>, SubmitOptions, Mono<FileObject>> upload,
            BiFunction<String, SubmitOptions, Mono<Batch>> create, ByteBufAllocator allocator) {
        this.upload = upload;
        this.create = create;
        this.allocator = allocator;
    }

    /**
     * The shards of {@code requests}, numbered from {@code firstIndex}, whose first request has the ordinal
     * {@code firstRequest} (both past 0 when a job resumes).
     */
    public Flux<ShardCreated> submit(Flux<BatchRequest> requests, SubmitOptions options, int firstIndex,
            long firstRequest) {
        return Flux.defer(() -> {
            ShardCutter cutter = new ShardCutter(options.maxRequests(), options.maxBytes());
            AtomicInteger index = new AtomicInteger(firstIndex);
            AtomicLong ordinal = new AtomicLong(firstRequest);
            return lines(requests, options)
                    .map(line -> new ShardLine(ordinal.getAndIncrement(), line))
                    .windowUntil(line -> cutter.startsNewShard(line.line()), true)
                    // BOUNDARY errors: a stream error waits for the shard in progress, and no shard starts after
                    .concatMapDelayError(window -> submitShard(window, options, index.getAndIncrement()), false, 1);
        });
    }

    /** Each request encoded once: written straight from the parser when it can, else from its body tree. */
    private static Flux<EncodedLine> lines(Flux<BatchRequest> requests, SubmitOptions options) {
        Flux<BatchRequest> checked = EncodableRequests.checkedFor(options.endpoint(), requests,
                options::requireEndpoint);
        if (checked instanceof EncodableRequests direct) {
            return direct.encodeLines();
        }
        return Flux.defer(() -> {
            LineEncoder encoder = new LineEncoder();
            return checked.map(encoder::encode);
        });
    }

    private Mono<ShardCreated> submitShard(Flux<ShardLine> lines, SubmitOptions options, int index) {
        AtomicLong first = new AtomicLong(-1);
        AtomicLong count = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Flux<EncodedLine> counted = lines.map(line -> {
            first.compareAndSet(-1, line.ordinal());
            count.incrementAndGet();
            bytes.addAndGet(line.line().bytes().length);
            return line.line();
        });
        Flux<ByteBuf> body = LineChunker.chunks(counted, allocator, JsonlEncoder.DEFAULT_CHUNK_BYTES);
        return upload.apply(body, options)
                .flatMap(file -> create.apply(file.id(), options)
                        .map(batch -> new ShardCreated(new JobShard(index, first.get(), count.get(), bytes.get(),
                                file.id(), batch.id()), batch)));
    }
}
