package io.batchflux.reliability;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import reactor.core.publisher.Flux;

/**
 * Cuts fuzz inputs into chunks, preferring the cut points parsers find hardest (inside {@code ///}, {@code ||},
 * multi-byte UTF-8 sequences and {@code \r\n}), and remembers every buffer handed out so a test can check that
 * the code under test released each one.
 */
final class FuzzChunks {
    private final List<ByteBuf> handedOut = new ArrayList<>();

    /** The chunks of {@code bytes} cut at random (mostly tricky) positions; every {@code allocatorEvery}-th input
     * uses allocator buffers so Netty's paranoid leak detector tracks them too. */
    List<ByteBuf> cut(byte[] bytes, SplittableRandom random, boolean useAllocator) {
        TreeSet<Integer> cuts = new TreeSet<>();
        int wanted = bytes.length == 0 ? 0 : random.nextInt(Math.min(bytes.length, 8) + 1);
        List<Integer> tricky = new ArrayList<>();
        for (int i = 1; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '/' || b == '|' || b == '\n' || (b & 0xC0) == 0x80) {
                tricky.add(i);
            }
        }
        for (int k = 0; k < wanted; k++) {
            if (!tricky.isEmpty() && random.nextBoolean()) {
                cuts.add(tricky.get(random.nextInt(tricky.size())));
            } else {
                cuts.add(random.nextInt(bytes.length + 1));
            }
        }
        List<ByteBuf> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(buffer(bytes, from, cut, useAllocator));
            from = cut;
        }
        chunks.add(buffer(bytes, from, bytes.length, useAllocator));
        if (random.nextInt(10) == 0) {
            chunks.add(random.nextInt(chunks.size() + 1), buffer(bytes, 0, 0, useAllocator)); // empty chunk
        }
        return chunks;
    }

    /** Fresh buffers with the same bytes and the same cuts as {@code chunks} (to feed one input to two parsers). */
    List<ByteBuf> copy(List<ByteBuf> chunks, boolean useAllocator) {
        List<ByteBuf> copies = new ArrayList<>();
        for (ByteBuf chunk : chunks) {
            byte[] bytes = new byte[chunk.readableBytes()];
            chunk.getBytes(chunk.readerIndex(), bytes);
            copies.add(buffer(bytes, 0, bytes.length, useAllocator));
        }
        return copies;
    }

    /** The whole input as one chunk. */
    List<ByteBuf> whole(byte[] bytes, boolean useAllocator) {
        return List.of(buffer(bytes, 0, bytes.length, useAllocator));
    }

    private ByteBuf buffer(byte[] bytes, int from, int to, boolean useAllocator) {
        ByteBuf buf;
        if (useAllocator) {
            buf = ByteBufAllocator.DEFAULT.buffer(Math.max(1, to - from));
            buf.writeBytes(bytes, from, to - from);
        } else {
            // not wrappedBuffer: an empty wrapped array is the shared EMPTY_BUFFER, whose refCnt never drops
            buf = Unpooled.buffer(to - from).writeBytes(bytes, from, to - from);
        }
        handedOut.add(buf);
        return buf;
    }

    static Flux<ByteBuf> flux(List<ByteBuf> chunks) {
        return Flux.fromIterable(chunks);
    }

    /** Buffers still referenced (refCnt above 0); releases them so one failure does not cascade into leaks. */
    int unreleasedAndReset() {
        int unreleased = 0;
        for (ByteBuf buf : handedOut) {
            if (buf.refCnt() > 0) {
                unreleased++;
                buf.release(buf.refCnt());
            }
        }
        handedOut.clear();
        return unreleased;
    }
}
