package io.batchflux.jsonl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Packs encoded lines into pooled buffers of {@code chunkBytes} for the upload body, with backpressure: lines
 * are pulled only as chunks are demanded. Buffers not yet emitted are released on cancel and error.
 */
public final class LineChunker {
    private LineChunker() {}

    public static Flux<ByteBuf> chunks(Flux<EncodedLine> lines, ByteBufAllocator allocator, int chunkBytes) {
        return Flux.defer(() -> {
            Packer packer = new Packer(new ChunkingOutputStream(allocator, chunkBytes));
            return lines.hide().concatMapIterable(packer::add, 16)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(packer.finish())))
                    .doFinally(signal -> packer.release());
        }).doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
    }

    /** Synchronized: a cancel may release the buffers on another thread while a line is being packed. */
    private static final class Packer {
        private final ChunkingOutputStream out;
        private boolean finished;

        Packer(ChunkingOutputStream out) {
            this.out = out;
        }

        synchronized List<ByteBuf> add(EncodedLine line) {
            out.write(line.bytes(), 0, line.bytes().length);
            return out.takeFull();
        }

        synchronized List<ByteBuf> finish() {
            finished = true;
            return out.takeAll();
        }

        synchronized void release() {
            if (!finished) {
                out.releaseAll();
            }
        }
    }
}
