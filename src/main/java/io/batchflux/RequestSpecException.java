package io.batchflux;

import io.batchflux.json.ControlCharacters;

/**
 * The request input (a request spec or a native batch JSONL file) is invalid. Signalled by the request parsers
 * at the point of detection; an upload the requests are streaming into is aborted before its end, so the server
 * stores nothing. The message says where and what went wrong, e.g.
 * {@code invalid request spec at request 3, message 2 (line 1, byte 57): invalid message format "hello"
 * (expected "role: content")} or {@code invalid JSONL at line 4 (byte 812): duplicate custom_id "r1" (first seen
 * on line 2)}. It is one line: control characters quoted from the input appear escaped ({@code \n}).
 */
public final class RequestSpecException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    private final long requestNumber;
    private final int messageNumber;
    private final long line;
    private final long byteOffset;
    private final String reason;

    private RequestSpecException(String message, long requestNumber, int messageNumber, long line,
            long byteOffset, String reason) {
        super(message);
        this.requestNumber = requestNumber;
        this.messageNumber = messageNumber;
        this.line = line;
        this.byteOffset = byteOffset;
        this.reason = reason;
    }

    /**
     * An error in the request spec format ({@code role: text || role: text /// ...}).
     *
     * @param requestNumber 1-based position of the request among all {@code ///}-separated pieces
     * @param messageNumber 1-based position of the message within the request, 0 when the request as a whole is wrong
     * @param line 1-based line of the input where the offending piece starts
     * @param byteOffset 0-based byte offset in the input where the offending piece starts
     * @param reason what is wrong, without the position (control characters quoted from the input are escaped)
     */
    public static RequestSpecException inSpec(long requestNumber, int messageNumber, long line, long byteOffset,
            String reason) {
        String where = messageNumber > 0
                ? "request " + requestNumber + ", message " + messageNumber
                : "request " + requestNumber;
        String shown = ControlCharacters.escape(reason);
        return new RequestSpecException("invalid request spec at " + where + " (line " + line + ", byte "
                + byteOffset + "): " + shown, requestNumber, messageNumber, line, byteOffset, shown);
    }

    /**
     * An error in a native batch JSONL input; the request number is the line number.
     *
     * @param line 1-based line number
     * @param byteOffset 0-based byte offset of the line start in the input
     * @param reason what is wrong, without the position (control characters quoted from the input are escaped)
     */
    public static RequestSpecException inJsonl(long line, long byteOffset, String reason) {
        String shown = ControlCharacters.escape(reason);
        return new RequestSpecException("invalid JSONL at line " + line + " (byte " + byteOffset + "): " + shown,
                line, 0, line, byteOffset, shown);
    }

    /** 1-based request position (the number behind the spec's {@code custom_id}); the line number for JSONL. */
    public long requestNumber() {
        return requestNumber;
    }

    /** 1-based message position within the request, 0 when not applicable. */
    public int messageNumber() {
        return messageNumber;
    }

    /** 1-based line of the input where the offending piece starts. */
    public long line() {
        return line;
    }

    /** 0-based byte offset of the offending piece in the input. */
    public long byteOffset() {
        return byteOffset;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
