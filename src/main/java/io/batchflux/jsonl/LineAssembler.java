package io.batchflux.jsonl;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state machine behind {@link LineSplitter}: feed it chunks in order, then call {@link #finish()}. It keeps
 * only the unfinished line (at most {@code maxLineBytes + 1} bytes). Not thread-safe: one instance per
 * subscription, fed serially (as {@code concatMap} does).
 */
public final class LineAssembler {
    private static final byte[] EMPTY = new byte[0];
    /** Keep a grown carry buffer only up to this size between lines; a one-off huge line should not pin memory. */
    private static final int RETAINED_CARRY_BYTES = 64 * 1024;

    private final int maxLineBytes;
    private long nextLineNumber;
    private long streamOffset;
    private long lineStart;
    private byte[] carry = EMPTY;
    private int carryLength;

    /**
     * @param maxLineBytes the longest line accepted, in bytes, without its line terminator
     * @param firstLineNumber the number of the first line fed (1 at the start of a stream)
     * @param firstByteOffset the stream offset of the first byte fed (0 at the start of a stream)
     */
    public LineAssembler(int maxLineBytes, long firstLineNumber, long firstByteOffset) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.nextLineNumber = firstLineNumber;
        this.streamOffset = firstByteOffset;
        this.lineStart = firstByteOffset;
    }

    /**
     * Consumes {@code chunk} (releasing it) and returns the lines it completed, then a {@link
     * LineTooLongException} if a line grew past the limit.
     */
    public ItemsThenError<Line> feed(ByteBuf chunk) {
        List<Line> lines = new ArrayList<>();
        try {
            int from = chunk.readerIndex();
            int end = chunk.writerIndex();
            while (from < end) {
                int newline = chunk.indexOf(from, end, (byte) '\n');
                if (newline < 0) {
                    int length = end - from;
                    // +1: a trailing '\r' is not content, so a full-length line may legally carry one more byte.
                    if ((long) carryLength + length > maxLineBytes + 1L) {
                        return ItemsThenError.of(lines, tooLong());
                    }
                    append(chunk, from, length);
                    streamOffset += length;
                    break;
                }
                int length = newline - from;
                byte[] bytes;
                if (carryLength == 0) {
                    int contentLength = length > 0 && chunk.getByte(newline - 1) == '\r' ? length - 1 : length;
                    if (contentLength > maxLineBytes) {
                        return ItemsThenError.of(lines, tooLong());
                    }
                    bytes = new byte[contentLength];
                    chunk.getBytes(from, bytes);
                } else {
                    if ((long) carryLength + length > maxLineBytes + 1L) {
                        return ItemsThenError.of(lines, tooLong());
                    }
                    append(chunk, from, length);
                    bytes = takeCarry();
                    if (bytes.length > maxLineBytes) {
                        return ItemsThenError.of(lines, tooLong());
                    }
                }
                lines.add(new Line(nextLineNumber++, lineStart, bytes));
                streamOffset += length + 1L;
                lineStart = streamOffset;
                from = newline + 1;
            }
            return ItemsThenError.of(lines);
        } finally {
            chunk.release();
        }
    }

    /** Returns the final line when the stream did not end with {@code \n}; nothing otherwise. */
    public ItemsThenError<Line> finish() {
        if (carryLength == 0) {
            return ItemsThenError.of(List.of());
        }
        byte[] bytes = takeCarry();
        if (bytes.length > maxLineBytes) {
            return ItemsThenError.of(List.of(), tooLong());
        }
        return ItemsThenError.of(List.of(new Line(nextLineNumber++, lineStart, bytes)));
    }

    private LineTooLongException tooLong() {
        return new LineTooLongException(nextLineNumber, lineStart, maxLineBytes);
    }

    private void append(ByteBuf chunk, int from, int length) {
        if (carryLength + length > carry.length) {
            int wanted = Math.max(carryLength + length, Math.max(256, carry.length * 2));
            carry = Arrays.copyOf(carry, Math.min(wanted, maxLineBytes + 1));
        }
        chunk.getBytes(from, carry, carryLength, length);
        carryLength += length;
    }

    /** The carried line without its trailing '\r'; empties the carry. */
    private byte[] takeCarry() {
        int length = carryLength > 0 && carry[carryLength - 1] == '\r' ? carryLength - 1 : carryLength;
        byte[] bytes = Arrays.copyOf(carry, length);
        carryLength = 0;
        if (carry.length > RETAINED_CARRY_BYTES) {
            carry = EMPTY;
        }
        return bytes;
    }
}
