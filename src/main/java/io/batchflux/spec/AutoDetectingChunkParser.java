package io.batchflux.spec;

import io.batchflux.jsonl.AsciiWhitespace;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Chooses JSONL when the first non-whitespace byte is <code>{</code>, the spec format otherwise. Whitespace-only
 * chunks before that byte are released; what of them belongs to the first record (all of it for a spec's first
 * request, the part after the last newline for a JSONL line) is handed to the chosen parser first, so positions
 * and size limits are the same however the input was chunked. At most {@code maxRequestBytes + 1} bytes of it
 * are kept: more would exceed the limit anyway.
 */
final class AutoDetectingChunkParser<T> implements ChunkParser<T> {
    private final SpecOptions options;
    private final RequestOutput<T> output;
    private @Nullable ChunkParser<T> chosen;
    private long skippedBytes;
    private long skippedLines;
    /** The leading whitespace, up to one byte over the request limit. */
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();

    AutoDetectingChunkParser(SpecOptions options, RequestOutput<T> output) {
        this.options = options;
        this.output = output;
    }

    @Override
    public ItemsThenError<T> feed(ByteBuf chunk) {
        ChunkParser<T> parser = chosen;
        if (parser != null) {
            return parser.feed(chunk);
        }
        int first = chunk.forEachByte(b -> AsciiWhitespace.is(b));
        if (first < 0) {
            hold(chunk);
            skippedBytes += chunk.readableBytes();
            skippedLines += countNewlines(chunk);
            chunk.release();
            return ItemsThenError.of(List.of());
        }
        byte[] whitespace = held.toByteArray();
        long heldFrom = skippedBytes - whitespace.length;
        byte[] prefix;
        if (chunk.getByte(first) == '{') {
            int lastNewline = lastIndexOf(whitespace, (byte) '\n');
            prefix = java.util.Arrays.copyOfRange(whitespace, lastNewline + 1, whitespace.length);
            parser = new JsonlChunkParser<>(options, skippedBytes - prefix.length, skippedLines + 1, output);
        } else {
            prefix = whitespace;
            long newlinesNotHeld = skippedLines - countNewlines(io.netty.buffer.Unpooled.wrappedBuffer(whitespace));
            parser = new SpecChunkParser<>(options, heldFrom, 1 + newlinesNotHeld, output);
        }
        chosen = parser;
        if (prefix.length == 0) {
            return parser.feed(chunk);
        }
        ItemsThenError<T> fromPrefix = parser.feed(io.netty.buffer.Unpooled.wrappedBuffer(prefix));
        if (fromPrefix.error() != null) {
            chunk.release();
            return fromPrefix;
        }
        ItemsThenError<T> rest = parser.feed(chunk);
        if (fromPrefix.items().isEmpty()) {
            return rest;
        }
        List<T> all = new java.util.ArrayList<>(fromPrefix.items());
        all.addAll(rest.items());
        return rest.error() == null ? ItemsThenError.of(all) : ItemsThenError.of(all, rest.error());
    }

    @Override
    public ItemsThenError<T> finish() {
        // Only whitespace (or nothing): no requests in either format.
        return chosen != null ? chosen.finish() : ItemsThenError.of(List.of());
    }

    private void hold(ByteBuf chunk) {
        int room = (int) Math.min(Integer.MAX_VALUE, (long) options.maxRequestBytes() + 1 - held.size());
        int n = Math.min(room, chunk.readableBytes());
        if (n > 0) {
            byte[] bytes = new byte[n];
            chunk.getBytes(chunk.readerIndex(), bytes);
            held.writeBytes(bytes);
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static long countNewlines(ByteBuf chunk) {
        long[] count = {0};
        chunk.forEachByte(b -> {
            if (b == '\n') {
                count[0]++;
            }
            return true;
        });
        return count[0];
    }
}
