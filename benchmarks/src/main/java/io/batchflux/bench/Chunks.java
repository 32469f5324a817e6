package io.batchflux.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/** Pre-built read-only chunks of a byte array, handed out as retained duplicates so they can be reused. */
final class Chunks {
    static final int CHUNK_BYTES = 64 * 1024;

    private final List<ByteBuf> chunks = new ArrayList<>();
    private final long totalBytes;

    Chunks(byte[] content, int chunkBytes) {
        for (int off = 0; off < content.length; off += chunkBytes) {
            int len = Math.min(chunkBytes, content.length - off);
            chunks.add(Unpooled.copiedBuffer(content, off, len));
        }
        this.totalBytes = content.length;
    }

    /** A cold Flux of retained duplicates: the consumer releases each one, the originals stay at refCnt 1. */
    Flux<ByteBuf> flux() {
        return Flux.fromIterable(chunks).map(ByteBuf::retainedDuplicate);
    }

    long totalBytes() {
        return totalBytes;
    }

    int count() {
        return chunks.size();
    }

    /** Releases the originals; fails when a consumer leaked (or over-released) a duplicate. */
    void releaseAndCheck() {
        for (ByteBuf b : chunks) {
            if (b.refCnt() != 1) {
                throw new IllegalStateException("chunk refCnt " + b.refCnt() + " after the run: a duplicate leaked"
                        + " or was released twice");
            }
            b.release();
        }
        chunks.clear();
    }
}
