package io.batchflux.spec;

import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Deals with a byte order mark at the very start of the input before the parser it wraps sees it, however the first
 * bytes are chunked. UTF-8's ({@code EF BB BF}, which Windows editors write) reaches the parser as three spaces
 * rather than as nothing, so byte offsets in errors stay those of the file; whitespace before the first request or
 * JSONL line means nothing in either format. An input starting with {@code FF} or {@code FE} (the first byte of a
 * UTF-16 or UTF-32 little-endian mark or a UTF-16 big-endian one, never valid in UTF-8) or with {@code 00} (UTF-32
 * big-endian, and UTF-16 big-endian without a mark; no spec or JSON text starts with it) is refused at once with an
 * error that says so, rather than as "malformed UTF-8" or an unknown role. Only the input's first bytes are looked at: a mark anywhere else is text, and a partial UTF-8
 * mark is handed on as it came.
 */
final class ByteOrderMarkCheck<T> implements ChunkParser<T> {
    private static final byte[] UTF8_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] STAND_IN = {' ', ' ', ' '};

    private final ChunkParser<T> parser;
    private final boolean jsonl;
    /** How many of the mark's bytes the input began with so far; they have been consumed, not yet passed on. */
    private int matched;
    private boolean decided;
    /** Set once the input was refused: nothing after it is parsed (its bytes would be taken for the start). */
    private boolean refused;

    /**
     * @param parser the parser the input goes on to
     * @param jsonl whether the input is known to be JSONL (its errors are then worded as JSONL errors)
     */
    ByteOrderMarkCheck(ChunkParser<T> parser, boolean jsonl) {
        this.parser = parser;
        this.jsonl = jsonl;
    }

    @Override
    public ItemsThenError<T> feed(ByteBuf chunk) {
        if (refused) {
            chunk.release();
            return ItemsThenError.of(List.of());
        }
        if (decided) {
            return parser.feed(chunk);
        }
        if (matched == 0 && chunk.isReadable() && startsWideText(chunk.getByte(chunk.readerIndex()))) {
            decided = true;
            refused = true;
            int first = chunk.getUnsignedByte(chunk.readerIndex());
            chunk.release();
            return ItemsThenError.of(List.of(), notUtf8(first));
        }
        while (matched < UTF8_MARK.length && chunk.isReadable()
                && chunk.getByte(chunk.readerIndex()) == UTF8_MARK[matched]) {
            chunk.skipBytes(1);
            matched++;
        }
        if (matched < UTF8_MARK.length && !chunk.isReadable()) {
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
        if (refused) {
            return ItemsThenError.of(List.of());
        }
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
        return matched == UTF8_MARK.length ? Unpooled.wrappedBuffer(STAND_IN)
                : Unpooled.wrappedBuffer(UTF8_MARK, 0, matched);
    }

    private static boolean startsWideText(byte b) {
        return b == (byte) 0xFF || b == (byte) 0xFE || b == 0;
    }

    private RuntimeException notUtf8(int firstByte) {
        String reason = String.format("the input is not UTF-8: it starts with byte 0x%02X, as UTF-16 and UTF-32 "
                + "files do; save it as UTF-8", firstByte);
        return jsonl ? RequestSpecException.inJsonl(1, 0, reason) : RequestSpecException.inSpec(1, 0, 1, 0, reason);
    }
}
