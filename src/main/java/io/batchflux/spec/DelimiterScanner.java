package io.batchflux.spec;

import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a spec byte stream into {@code ///}-separated {@link SpecPiece}s, chunk by chunk, holding only the current
 * piece. Matches like Go's {@code strings.Split}: leftmost, non-overlapping ({@code ////} is a delimiter followed
 * by a {@code /}). A delimiter split across chunks is found because the count of trailing slashes
 * ({@code slashRun}) survives the chunk boundary along with the piece's bytes; the two slashes already appended
 * are cut off when the third arrives. Offsets and lines advance per byte consumed, so errors stay exact whatever the
 * chunking. Not thread-safe: one per subscription.
 */
final class DelimiterScanner {
    private static final int INITIAL_CAPACITY = 4096;
    /** Slashes of a would-be delimiter are appended before we know; allow them past the limit. */
    private static final int DELIMITER_SLACK = 2;

    private final int maxRequestBytes;
    private byte[] piece = new byte[INITIAL_CAPACITY];
    private int pieceLength;
    private int slashRun;
    private long position = 1;
    private long pieceOffset;
    private long pieceLine = 1;
    private long offset;
    private long line = 1;

    /** A scanner of an input from its first byte (offset 0, line 1). */
    DelimiterScanner(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Consumes {@code chunk} (releasing it); returns the pieces it completed, then an oversize error if any. */
    ItemsThenError<SpecPiece> feed(ByteBuf chunk) {
        List<SpecPiece> pieces = new ArrayList<>();
        try {
            RequestSpecException error = scan(chunk, pieces);
            return error == null ? ItemsThenError.of(pieces) : ItemsThenError.of(pieces, error);
        } finally {
            chunk.release();
        }
    }

    /**
     * Finds each {@code /} with the buffer's (word-at-a-time) {@code indexOf} and bulk-copies the bytes between
     * them: no per-byte virtual calls, and only the slashes go through the delimiter state machine.
     */
    private @Nullable RequestSpecException scan(ByteBuf chunk, List<SpecPiece> pieces) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        while (i < end) {
            int slash = chunk.indexOf(i, end, (byte) '/');
            int stop = slash < 0 ? end : slash;
            if (stop > i) {
                slashRun = 0;
                if (!append(chunk, i, stop - i)) {
                    return tooLarge();
                }
                i = stop;
            }
            if (slash < 0) {
                break;
            }
            i++;
            offset++;
            if (++slashRun == 3) {
                pieceLength -= 2;
                if (pieceLength > maxRequestBytes) {
                    return tooLarge();
                }
                pieces.add(completePiece());
                continue;
            }
            if (pieceLength == piece.length && !grow(pieceLength + 1)) {
                return tooLarge();
            }
            piece[pieceLength++] = '/';
        }
        return null;
    }

    /** Appends {@code length} slash-free bytes, counting their newlines; false when the piece would be too large. */
    private boolean append(ByteBuf chunk, int from, int length) {
        int needed = pieceLength + length;
        if (needed > piece.length && !grow(needed)) {
            return false;
        }
        chunk.getBytes(from, piece, pieceLength, length);
        line += ByteWords.count(piece, pieceLength, needed, (byte) '\n');
        offset += length;
        pieceLength = needed;
        return true;
    }

    /**
     * The last piece (possibly blank: Go's split always yields one after the last delimiter), or the oversize
     * error.
     */
    ItemsThenError<SpecPiece> finish() {
        if (pieceLength > maxRequestBytes) {
            return ItemsThenError.of(List.of(), tooLarge());
        }
        return ItemsThenError.of(List.of(completePiece()));
    }

    private SpecPiece completePiece() {
        SpecPiece done = new SpecPiece(position++, pieceOffset, pieceLine, Arrays.copyOf(piece, pieceLength));
        pieceLength = 0;
        slashRun = 0;
        pieceOffset = offset;
        pieceLine = line;
        if (piece.length > 16 * INITIAL_CAPACITY) {
            piece = new byte[INITIAL_CAPACITY]; // let a one-off large request's buffer go
        }
        return done;
    }

    /** Grows the piece to hold at least {@code needed} bytes; false when that is past the limit (and slack). */
    private boolean grow(int needed) {
        int cap = maxRequestBytes + DELIMITER_SLACK;
        if (needed > cap || needed < 0) {
            return false;
        }
        long size = Math.max(needed, piece.length * 2L);
        piece = Arrays.copyOf(piece, (int) Math.min(cap, size));
        return true;
    }

    private RequestSpecException tooLarge() {
        return RequestSpecException.inSpec(position, 0, pieceLine, pieceOffset,
                "request is larger than the limit of " + maxRequestBytes + " bytes");
    }
}
