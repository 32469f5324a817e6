package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;

/**
 * Encodes requests as batch input JSONL ({@code {"custom_id","method","url","body"}\n} per request) into pooled
 * buffers of {@code chunkBytes} each (the last one shorter), so an upload sends few large buffers; a line may span
 * two buffers. Immutable: {@code with...} returns a copy.
 *
 * <p>Requests straight from the spec parser ({@link EncodableRequests}) are written without their body trees.
 *
 * <p>The returned flux emits one buffer per demand (the subscriber owns and must release each), requests input
 * only as buffers are consumed, and completes after the input completes. It errors with {@link
 * EncodeLimitException} as soon as a request would exceed {@link EncodeLimits} (nothing from that request is
 * emitted), or with the input's error. Buffers not yet emitted are released on cancel and error.
 *
 * <pre>{@code
 * Flux<ByteBuf> body = JsonlEncoder.create(ByteBufAllocator.DEFAULT).encode(requests, totals -> log(totals));
 * }</pre>
 */
public final class JsonlEncoder {
    /** 64 KiB buffers by default: half the trips through the transport of 32 KiB ones. */
    public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;
    static final int MIN_CHUNK_BYTES = 8 * 1024;
    static final int MAX_CHUNK_BYTES = 64 * 1024;
    /** Requests are small and already in memory; a few in flight keep encoding ahead of the network. */
    private static final int REQUEST_PREFETCH = 8;

    private final ByteBufAllocator allocator;
    private final int chunkBytes;
    private final EncodeLimits limits;

    private JsonlEncoder(ByteBufAllocator allocator, int chunkBytes, EncodeLimits limits) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunkBytes must be within " + MIN_CHUNK_BYTES + ".."
                    + MAX_CHUNK_BYTES + ": " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** An encoder allocating from {@code allocator}, with 64 KiB buffers and {@link EncodeLimits#OPENAI}. */
    public static JsonlEncoder create(ByteBufAllocator allocator) {
        return new JsonlEncoder(allocator, DEFAULT_CHUNK_BYTES, EncodeLimits.OPENAI);
    }

    /** A copy producing buffers of {@code chunkBytes} (8 KiB to 64 KiB). */
    public JsonlEncoder withChunkBytes(int chunkBytes) {
        return new JsonlEncoder(allocator, chunkBytes, limits);
    }

    /** A copy enforcing {@code limits}. */
    public JsonlEncoder withLimits(EncodeLimits limits) {
        return new JsonlEncoder(allocator, chunkBytes, limits);
    }

    /** The JSONL of {@code requests}. */
    public Flux<ByteBuf> encode(Flux<BatchRequest> requests) {
        return encode(requests, totals -> { });
    }

    /**
     * The JSONL of {@code requests}; {@code onTotals} receives the counts once the input has completed, before the
     * last buffer is emitted (it is not called on error or cancel).
     */
    public Flux<ByteBuf> encode(Flux<BatchRequest> requests, Consumer<EncodedTotals> onTotals) {
        Objects.requireNonNull(onTotals, "onTotals");
        if (requests instanceof EncodableRequests direct) {
            return direct.encodeJsonl(allocator, chunkBytes, limits, onTotals);
        }
        return Flux.defer(() -> {
            EncodingSession session = new EncodingSession(allocator, chunkBytes, limits);
            // hide(): a fused source would be drained to the end on cancel (to discard its queue).
            return requests.hide().concatMapIterable(session::encode, REQUEST_PREFETCH)
                    .concatWith(Flux.defer(() -> {
                        List<ByteBuf> last = session.finish();
                        try {
                            onTotals.accept(session.totals());
                        } catch (RuntimeException e) {
                            last.forEach(ReferenceCountUtil::safeRelease);
                            throw e;
                        }
                        return Flux.fromIterable(last);
                    }))
                    .doFinally(signal -> session.release());
        }).doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
    }
}
