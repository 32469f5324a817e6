package io.batchflux.shard;

import io.batchflux.Batch;
import io.batchflux.BatchRequest;
import io.batchflux.FileObject;
import io.batchflux.JobShard;
import io.batchflux.SubmitOptions;
import io.batchflux.jsonl.EncodedLine;
import io.batchflux.jsonl.JsonlEncoder;
import io.batchflux.jsonl.LineChunker;
import io.batchflux.jsonl.LineEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cuts a request stream into shards by request count and encoded bytes and submits each as it arrives: its
 * lines stream into their own upload, then its batch is created. Each request is encoded once; a shard's lines
 * are never gathered, so memory stays constant whatever the number of requests. Shards are emitted in order as
 * their batches are created; at most {@code uploadsInFlight} shards are being uploaded or created at once.
 */
public final class ShardSubmitter {
    private final BiFunction<Flux<ByteBuf>, SubmitOptions, Mono<FileObject>> upload;
    private final Function<String, Mono<Batch>> create;
    private final ByteBufAllocator allocator;

    /**
     * @param upload uploads one shard's JSONL body
     * @param create creates the batch over an uploaded file id (and removes the file if that fails)
     */
    public ShardSubmitter(BiFunction<Flux<ByteBuf>, SubmitOptions, Mono<FileObject>> upload,
            Function<String, Mono<Batch>> create, ByteBufAllocator allocator) {
        this.upload = upload;
        this.create = create;
        this.allocator = allocator;
    }

    /**
     * The shards of {@code requests}, numbered from {@code firstIndex}, whose first request has the ordinal
     * {@code firstRequest} (both past 0 when a job resumes).
     */
    public Flux<JobShard> submit(Flux<BatchRequest> requests, SubmitOptions options, int firstIndex,
            long firstRequest, int uploadsInFlight) {
        return Flux.defer(() -> {
            LineEncoder encoder = new LineEncoder();
            ShardCutter cutter = new ShardCutter(options.maxRequests(), options.maxBytes());
            AtomicInteger index = new AtomicInteger(firstIndex);
            AtomicLong ordinal = new AtomicLong(firstRequest);
            return requests
                    .map(options::requireEndpoint)
                    .map(encoder::encode)
                    .windowUntil(cutter::startsNewShard, true)
                    .flatMapSequential(window -> submitShard(window, options, index.getAndIncrement(), ordinal),
                            uploadsInFlight, 1);
        });
    }

    /** {@code ordinal} counts every line of the stream; lines pass shard after shard, in order. */
    private Mono<JobShard> submitShard(Flux<EncodedLine> lines, SubmitOptions options, int index,
            AtomicLong ordinal) {
        AtomicLong first = new AtomicLong(-1);
        AtomicLong count = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Flux<EncodedLine> counted = lines.doOnNext(line -> {
            first.compareAndSet(-1, ordinal.getAndIncrement());
            count.incrementAndGet();
            bytes.addAndGet(line.bytes().length);
        });
        Flux<ByteBuf> body = LineChunker.chunks(counted, allocator, JsonlEncoder.DEFAULT_CHUNK_BYTES);
        return upload.apply(body, options)
                .flatMap(file -> create.apply(file.id())
                        .map(batch -> new JobShard(index, first.get(), count.get(), bytes.get(), file.id(),
                                batch.id())));
    }
}
