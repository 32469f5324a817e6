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
 * are cut off when the third arrives. Not thread-safe: one per subscription.
 */
final class DelimiterScanner {
    private static final int INITIAL_CAPACITY = 4096;
    private static final int SCRATCH_BYTES = 16 * 1024;
    /** Slashes of a would-be delimiter are appended before we know; allow them past the limit. */
    private static final int DELIMITER_SLACK = 2;

    private final int maxRequestBytes;
    private byte[] piece = new byte[INITIAL_CAPACITY];
    private int pieceLength;
    private int slashRun;
    private long position = 1;
    private long pieceOffset;
    private long pieceLine;
    private long offset;
    private long line;
    private final byte[] scratch = new byte[SCRATCH_BYTES];

    DelimiterScanner(int maxRequestBytes, long firstByteOffset, long firstLine) {
        this.maxRequestBytes = maxRequestBytes;
        this.offset = firstByteOffset;
        this.pieceOffset = firstByteOffset;
        this.line = firstLine;
        this.pieceLine = firstLine;
    }

    /** Consumes {@code chunk} (releasing it); returns the pieces it completed, then an oversize error if any. */
    ItemsThenError<SpecPiece> feed(ByteBuf chunk) {
        List<SpecPiece> pieces = new ArrayList<>(2);
        try {
            int from = chunk.readerIndex();
            int end = chunk.writerIndex();
            while (from < end) {
                int length = Math.min(SCRATCH_BYTES, end - from);
                // One bulk copy, then a plain array loop: no per-byte virtual calls on the buffer.
                chunk.getBytes(from, scratch, 0, length);
                from += length;
                RequestSpecException error = scan(scratch, length, pieces);
                if (error != null) {
                    return ItemsThenError.of(pieces, error);
                }
            }
            return ItemsThenError.of(pieces);
        } finally {
            chunk.release();
        }
    }

    private @Nullable RequestSpecException scan(byte[] bytes, int length, List<SpecPiece> pieces) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            offset++;
            if (b == '/') {
                if (++slashRun == 3) {
                    pieceLength -= 2;
                    if (pieceLength > maxRequestBytes) {
                        return tooLarge();
                    }
                    pieces.add(completePiece());
                    continue;
                }
            } else {
                slashRun = 0;
                if (b == '\n') {
                    line++;
                }
            }
            if (pieceLength == piece.length && !grow()) {
                return tooLarge();
            }
            piece[pieceLength++] = b;
        }
        return null;
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

    private boolean grow() {
        int cap = maxRequestBytes + DELIMITER_SLACK;
        if (piece.length >= cap) {
            return false;
        }
        piece = Arrays.copyOf(piece, (int) Math.min(cap, piece.length * 2L));
        return true;
    }

    private RequestSpecException tooLarge() {
        return RequestSpecException.inSpec(position, 0, pieceLine, pieceOffset,
                "request is larger than the limit of " + maxRequestBytes + " bytes");
    }
}
