package io.batchflux.results;

import io.batchflux.BatchfluxException;

/** A line of an output or error file is not a result line; says which file, line and byte offset. */
public final class ResultFormatException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    public ResultFormatException(String fileId, long line, long byteOffset, String problem, Throwable cause) {
        super("result file " + fileId + ", line " + line + " (byte " + byteOffset + "): " + problem, cause);
    }

    public ResultFormatException(String fileId, long line, long byteOffset, String problem) {
        super("result file " + fileId + ", line " + line + " (byte " + byteOffset + "): " + problem);
    }
}
