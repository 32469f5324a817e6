package io.batchflux.jsonl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes into pooled buffers of exactly {@code chunkBytes} capacity, moving each full one to a ready list, so the
 * encoder hands out equal, upload-sized buffers whatever the line lengths. Owns its buffers until taken.
 */
final class ChunkingOutputStream extends OutputStream {
    private final ByteBufAllocator allocator;
    private final int chunkBytes;
    private final List<ByteBuf> ready = new ArrayList<>();
    private @Nullable ByteBuf current;
    private long written;
    private boolean released;

    ChunkingOutputStream(ByteBufAllocator allocator, int chunkBytes) {
        this.allocator = allocator;
        this.chunkBytes = chunkBytes;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (released) {
            return; // the generator flushing while the subscription is torn down: nothing may be sent any more
        }
        written += length;
        while (length > 0) {
            ByteBuf buf = current;
            if (buf == null) {
                buf = allocator.buffer(chunkBytes, chunkBytes);
                current = buf;
            }
            int n = Math.min(length, buf.writableBytes());
            buf.writeBytes(bytes, offset, n);
            offset += n;
            length -= n;
            if (!buf.isWritable()) {
                ready.add(buf);
                current = null;
            }
        }
    }

    /** Bytes written so far. */
    long written() {
        return written;
    }

    /** The full buffers, now the caller's. */
    List<ByteBuf> takeFull() {
        if (ready.isEmpty()) {
            return List.of();
        }
        List<ByteBuf> taken = new ArrayList<>(ready);
        ready.clear();
        return taken;
    }

    /** The full buffers and the partly filled one, now the caller's. */
    List<ByteBuf> takeAll() {
        ByteBuf last = current;
        current = null;
        if (last != null) {
            ready.add(last);
        }
        return takeFull();
    }

    /** Releases every buffer not yet taken and ignores later writes. Idempotent. */
    void releaseAll() {
        released = true;
        for (ByteBuf buf : ready) {
            buf.release();
        }
        ready.clear();
        if (current != null) {
            current.release();
            current = null;
        }
    }
}
