package io.batchflux.spec;

import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Hides a UTF-8 byte order mark ({@code EF BB BF}, which Windows editors put at the start of a text file) from the
 * parser it wraps, however the input's first bytes are chunked. The mark reaches the parser as three spaces rather
 * than as nothing, so byte offsets in errors stay those of the file; whitespace before the first request or JSONL
 * line means nothing in either format. Only the input's first three bytes are looked at: a mark anywhere else is
 * text, and a partial mark is handed on as it came.
 */
final class ByteOrderMarkSkipper<T> implements ChunkParser<T> {
    private static final byte[] MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] STAND_IN = {' ', ' ', ' '};

    private final ChunkParser<T> parser;
    /** How many of the mark's bytes the input began with so far; they have been consumed, not yet passed on. */
    private int matched;
    private boolean decided;

    ByteOrderMarkSkipper(ChunkParser<T> parser) {
        this.parser = parser;
    }

    @Override
    public ItemsThenError<T> feed(ByteBuf chunk) {
        if (decided) {
            return parser.feed(chunk);
        }
        while (matched < MARK.length && chunk.isReadable() && chunk.getByte(chunk.readerIndex()) == MARK[matched]) {
            chunk.skipBytes(1);
            matched++;
        }
        if (matched < MARK.length && !chunk.isReadable()) {
            chunk.release(); // the input so far is (part of) the mark: wait for the next byte
            return ItemsThenError.of(List.of());
        }
        decided = true;
        if (matched == 0) {
            return parser.feed(chunk);
        }
        // the parser takes over both and releases them with the composite
        return parser.feed(Unpooled.wrappedBuffer(heldBytes(), chunk));
    }

    @Override
    public ItemsThenError<T> finish() {
        if (decided || matched == 0) {
            return parser.finish();
        }
        decided = true;
        ItemsThenError<T> held = parser.feed(heldBytes());
        if (held.error() != null) {
            return held;
        }
        ItemsThenError<T> last = parser.finish();
        if (held.items().isEmpty()) {
            return last;
        }
        List<T> all = new ArrayList<>(held.items());
        all.addAll(last.items());
        return ItemsThenError.of(all, last.error());
    }

    /** What stands for the bytes consumed so far: spaces for a whole mark, the bytes themselves for a part. */
    private ByteBuf heldBytes() {
        return matched == MARK.length ? Unpooled.wrappedBuffer(STAND_IN) : Unpooled.wrappedBuffer(MARK, 0, matched);
    }
}
