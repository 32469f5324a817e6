package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.AsciiWhitespace;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Chooses JSONL when the first non-whitespace byte is <code>{</code>, the spec format otherwise. Whitespace-only
 * chunks before that byte are released and only counted (bytes and lines), so the chosen parser reports the same
 * positions as if it had seen them, and nothing is held however long the leading whitespace is.
 */
final class AutoDetectingChunkParser implements ChunkParser {
    private final SpecOptions options;
    private @Nullable ChunkParser chosen;
    private long skippedBytes;
    private long skippedLines;

    AutoDetectingChunkParser(SpecOptions options) {
        this.options = options;
    }

    @Override
    public ItemsThenError<BatchRequest> feed(ByteBuf chunk) {
        ChunkParser parser = chosen;
        if (parser != null) {
            return parser.feed(chunk);
        }
        int first = chunk.forEachByte(b -> AsciiWhitespace.is(b));
        if (first < 0) {
            skippedBytes += chunk.readableBytes();
            skippedLines += countNewlines(chunk);
            chunk.release();
            return ItemsThenError.of(List.of());
        }
        long firstLine = skippedLines + 1;
        parser = chunk.getByte(first) == '{'
                ? new JsonlChunkParser(options, skippedBytes, firstLine)
                : new SpecChunkParser(options, skippedBytes, firstLine);
        chosen = parser;
        return parser.feed(chunk);
    }

    @Override
    public ItemsThenError<BatchRequest> finish() {
        // Only whitespace (or nothing): no requests in either format.
        return chosen != null ? chosen.finish() : ItemsThenError.of(List.of());
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
