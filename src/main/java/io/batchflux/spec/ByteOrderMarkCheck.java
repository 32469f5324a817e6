package io.batchflux.spec;

import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Looks at the input's first three bytes, however they are chunked, before the parser it wraps sees them. A UTF-8
 * byte order mark ({@code EF BB BF}, which Windows editors write) reaches the parser as three spaces rather than as
 * nothing, so byte offsets in errors stay those of the file; whitespace before the first request or JSONL line
 * means nothing in either format. An input that is UTF-16 or UTF-32 is refused at once with an error that says so,
 * rather than as "malformed UTF-8" or an unknown role: its first byte is {@code FF} or {@code FE} (a little-endian
 * mark, or UTF-16's big-endian one) or {@code 00} (big-endian text), or its second byte is {@code 00} (UTF-16
 * little-endian text without a mark). No spec or JSONL text has a NUL byte there, and {@code FF} and {@code FE} are
 * never UTF-8. Any other first bytes are handed on as they came; a mark anywhere else is text.
 */
final class ByteOrderMarkCheck<T> implements ChunkParser<T> {
    private static final byte[] UTF8_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] STAND_IN = {' ', ' ', ' '};

    private final ChunkParser<T> parser;
    private final boolean jsonl;
    /** The input's first bytes, taken from the chunks until there are three (or the input ends). */
    private final byte[] head = new byte[UTF8_MARK.length];
    private int headLength;
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
        int fromThisChunk = 0;
        while (headLength < head.length && chunk.isReadable()) {
            head[headLength++] = chunk.readByte();
            fromThisChunk++;
        }
        if (headLength < head.length) {
            chunk.release(); // all of it is in head: wait for more, or for the end
            return ItemsThenError.of(List.of());
        }
        RuntimeException notUtf8 = decide();
        if (notUtf8 != null) {
            chunk.release();
            return ItemsThenError.of(List.of(), notUtf8);
        }
        if (!isUtf8Mark() && fromThisChunk == headLength) {
            // the common case: the chunk goes on whole, without a copy or a composite of the rest of the input
            chunk.readerIndex(chunk.readerIndex() - fromThisChunk);
            return parser.feed(chunk);
        }
        return concat(parser.feed(headBytes()), chunk);
    }

    @Override
    public ItemsThenError<T> finish() {
        if (refused) {
            return ItemsThenError.of(List.of());
        }
        if (decided || headLength == 0) {
            return parser.finish();
        }
        RuntimeException notUtf8 = decide();
        if (notUtf8 != null) {
            return ItemsThenError.of(List.of(), notUtf8);
        }
        ItemsThenError<T> held = parser.feed(headBytes());
        return held.error() != null ? held : concat(held, parser.finish());
    }

    /** {@code first}'s output, then (unless it ended in an error) what the parser makes of {@code next}. */
    private ItemsThenError<T> concat(ItemsThenError<T> first, ByteBuf next) {
        if (first.error() != null) {
            next.release();
            return first;
        }
        return concat(first, parser.feed(next));
    }

    private static <T> ItemsThenError<T> concat(ItemsThenError<T> first, ItemsThenError<T> then) {
        if (first.items().isEmpty()) {
            return then;
        }
        List<T> all = new ArrayList<>(first.items());
        all.addAll(then.items());
        return ItemsThenError.of(all, then.error());
    }

    /** Decides on the first bytes: the error when the input is UTF-16 or UTF-32, else null. */
    private @Nullable RuntimeException decide() {
        decided = true;
        int first = head[0] & 0xFF;
        String reason = null;
        if (first == 0xFF || first == 0xFE || first == 0) {
            reason = String.format("it starts with byte 0x%02X, as UTF-16 and UTF-32 files do", first);
        } else if (headLength > 1 && head[1] == 0) {
            reason = "its second byte is 0x00, as in UTF-16 little-endian text";
        }
        if (reason == null) {
            return null;
        }
        refused = true;
        reason = "the input is not UTF-8: " + reason + "; save it as UTF-8";
        return jsonl ? RequestSpecException.inJsonl(1, 0, reason) : RequestSpecException.inSpec(1, 0, 1, 0, reason);
    }

    private boolean isUtf8Mark() {
        return headLength == UTF8_MARK.length && Arrays.equals(head, UTF8_MARK);
    }

    /** What stands for the first bytes: spaces for a UTF-8 mark, the bytes themselves otherwise. */
    private ByteBuf headBytes() {
        return isUtf8Mark() ? Unpooled.wrappedBuffer(STAND_IN)
                : Unpooled.wrappedBuffer(Arrays.copyOf(head, headLength));
    }
}
