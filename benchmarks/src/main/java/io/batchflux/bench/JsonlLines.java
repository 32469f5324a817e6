package io.batchflux.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;

/**
 * Valid batch-input JSONL of roughly {@code totalBytes}, generated lazily: line {@code i} is a chat request with
 * one user message of ~{@code contentBytes} (64 precomputed texts, reused). The same bytes come out as a
 * {@code Flux} of 64 KiB buffers or written to a stream, so the client upload and the curl baseline send the
 * same content.
 */
final class JsonlLines {
    static final int CHUNK_BYTES = 64 * 1024;
    private static final byte[] HEAD = utf8("{\"custom_id\":\"request-");
    private static final byte[] MID = utf8("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
            + "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"");
    private static final byte[] TAIL = utf8("\"}]}}\n");

    private final long totalBytes;
    private final byte[][] texts = new byte[64][];
    private final int maxLine;

    JsonlLines(long totalBytes, int contentBytes) {
        this.totalBytes = totalBytes;
        int longest = 0;
        for (int k = 0; k < texts.length; k++) {
            texts[k] = utf8(Corpus.text(1000L + k, contentBytes));
            longest = Math.max(longest, texts[k].length);
        }
        this.maxLine = HEAD.length + 20 + MID.length + longest + TAIL.length;
    }

    /** Lines in 64 KiB buffers from {@code alloc}, produced on demand; whole lines only, stops at totalBytes. */
    Flux<ByteBuf> flux(ByteBufAllocator alloc) {
        return Flux.generate(() -> new long[] {0, 0}, (state, sink) -> {
            if (state[1] >= totalBytes) {
                sink.complete();
                return state;
            }
            ByteBuf buf = alloc.buffer(CHUNK_BYTES, CHUNK_BYTES);
            while (buf.writableBytes() >= maxLine && state[1] < totalBytes) {
                int before = buf.writerIndex();
                writeLine(buf, state[0]++);
                state[1] += buf.writerIndex() - before;
            }
            sink.next(buf);
            return state;
        });
    }

    /** The same bytes as {@link #flux} written to {@code out}; returns the byte count. */
    long writeTo(OutputStream out) throws IOException {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(CHUNK_BYTES, CHUNK_BYTES);
        long written = 0;
        long i = 0;
        while (written < totalBytes) {
            buf.clear();
            while (buf.writableBytes() >= maxLine && written < totalBytes) {
                int before = buf.writerIndex();
                writeLine(buf, i++);
                written += buf.writerIndex() - before;
            }
            buf.readBytes(out, buf.readableBytes());
        }
        buf.release();
        return written;
    }

    private void writeLine(ByteBuf buf, long i) {
        buf.writeBytes(HEAD);
        buf.writeCharSequence(Long.toString(i), StandardCharsets.US_ASCII);
        buf.writeBytes(MID);
        buf.writeBytes(texts[(int) (i & 63)]);
        buf.writeBytes(TAIL);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
