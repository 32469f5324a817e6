package io.batchflux.jsonl;

import io.batchflux.BatchfluxException;

/** A line is longer than the configured maximum; signalled before the line is held whole. */
public final class LineTooLongException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;
    private final long byteOffset;
    private final int maxLineBytes;

    public LineTooLongException(long lineNumber, long byteOffset, int maxLineBytes) {
        super("line " + lineNumber + " (starting at byte " + byteOffset + ") is longer than the limit of "
                + maxLineBytes + " bytes");
        this.lineNumber = lineNumber;
        this.byteOffset = byteOffset;
        this.maxLineBytes = maxLineBytes;
    }

    /** 1-based number of the offending line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** 0-based offset of the offending line's first byte. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The limit that was exceeded, in bytes. */
    public int maxLineBytes() {
        return maxLineBytes;
    }
}
