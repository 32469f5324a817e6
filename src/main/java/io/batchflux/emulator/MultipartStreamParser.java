package io.batchflux.emulator;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A push parser for a {@code multipart/form-data} body arriving in chunks of any size: it hands each part's
 * bytes to a {@link Listener} as they arrive and keeps only the few bytes that might begin a delimiter, so a
 * delimiter split across chunks is still found and a part of any size needs constant memory.
 *
 * <p>The delimiter is {@code CRLF "--" boundary}. Boundary characters never include CR (RFC 2046), so CR occurs
 * only at the delimiter's first position and a mismatch can restart matching only at the byte at hand: the
 * matcher is KMP with a trivial failure function. The preamble is treated as if preceded by CRLF, so a body
 * that starts directly with {@code --boundary} matches too. Not thread-safe: feed it from one thread at a time.
 */
final class MultipartStreamParser {

    /** Receives the parts; the buffers passed to {@link #partData} are valid only during the call. */
    interface Listener {
        void partStarted(PartHeaders headers);

        void partData(ByteBuffer data);

        void partEnded();
    }

    private enum State { PREAMBLE, AFTER_DELIMITER, HEADERS, BODY, END }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final byte[] delimiter;
    private final Listener listener;
    private final byte[] headerBytes;
    private int headerLength;
    private State state = State.PREAMBLE;
    // delimiter bytes matched so far; these bytes are withheld from the part until the match fails
    private int matched = 2;
    private boolean sawDash;
    private boolean sawCr;
    private long offset;
    private int chunkStart;

    MultipartStreamParser(String boundary, Listener listener, int maxHeaderBytes) {
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.listener = listener;
        this.headerBytes = new byte[maxHeaderBytes];
    }

    /** Whether the closing delimiter ({@code --boundary--}) has been seen. */
    boolean isComplete() {
        return state == State.END;
    }

    /** Parses the readable bytes of {@code chunk} without consuming or releasing it. */
    void feed(ByteBuf chunk) {
        int i = chunk.readerIndex();
        int end = chunk.writerIndex();
        chunkStart = i;
        while (i < end && state != State.END) {
            i = switch (state) {
                case PREAMBLE, BODY -> scanBody(chunk, i, end);
                case AFTER_DELIMITER -> afterDelimiter(chunk, i, end);
                case HEADERS -> readHeaders(chunk, i, end);
                case END -> end;
            };
        }
        offset += end - chunk.readerIndex();
    }

    private int scanBody(ByteBuf chunk, int from, int end) {
        boolean emit = state == State.BODY;
        int i = from;
        while (i < end) {
            if (matched == 0) {
                int cr = chunk.indexOf(i, end, CR);
                int stop = cr < 0 ? end : cr;
                if (emit && stop > i) {
                    listener.partData(chunk.nioBuffer(i, stop - i));
                }
                if (cr < 0) {
                    return end;
                }
                matched = 1;
                i = cr + 1;
            } else if (chunk.getByte(i) == delimiter[matched]) {
                matched++;
                i++;
                if (matched == delimiter.length) {
                    matched = 0;
                    if (emit) {
                        listener.partEnded();
                    }
                    state = State.AFTER_DELIMITER;
                    sawDash = false;
                    sawCr = false;
                    return i;
                }
            } else {
                if (emit) {
                    listener.partData(ByteBuffer.wrap(delimiter, 0, matched));
                }
                if (chunk.getByte(i) == CR) {
                    matched = 1;
                    i++;
                } else {
                    matched = 0;
                }
            }
        }
        return i;
    }

    private int afterDelimiter(ByteBuf chunk, int from, int end) {
        int i = from;
        while (i < end) {
            byte b = chunk.getByte(i++);
            if (sawDash) {
                if (b != '-') {
                    throw malformed("expected '--' after the closing boundary", i);
                }
                state = State.END;
                return end;
            } else if (sawCr) {
                if (b != LF) {
                    throw malformed("expected CRLF after a boundary", i);
                }
                state = State.HEADERS;
                headerLength = 0;
                return i;
            } else if (b == '-') {
                sawDash = true;
            } else if (b == CR) {
                sawCr = true;
            } else if (b != ' ' && b != '\t') {
                // RFC 2046 allows only linear white space ("transport padding") after a boundary
                throw malformed("unexpected byte after a boundary", i);
            }
        }
        return i;
    }

    private int readHeaders(ByteBuf chunk, int from, int end) {
        int i = from;
        while (i < end) {
            if (headerLength == headerBytes.length) {
                throw malformed("part headers longer than " + headerBytes.length + " bytes", i);
            }
            byte b = chunk.getByte(i++);
            headerBytes[headerLength++] = b;
            if (b == LF && endsWithBlankLine()) {
                listener.partStarted(PartHeaders.parse(new String(headerBytes, 0, headerLength, StandardCharsets.UTF_8)));
                state = State.BODY;
                matched = 0;
                return i;
            }
        }
        return i;
    }

    private boolean endsWithBlankLine() {
        if (headerLength == 2) {
            return headerBytes[0] == CR;
        }
        return headerLength >= 4 && Arrays.equals(headerBytes, headerLength - 4, headerLength,
                new byte[] {CR, LF, CR, LF}, 0, 4);
    }

    private MalformedMultipartException malformed(String what, int indexInChunk) {
        return new MalformedMultipartException("malformed multipart body: " + what + " (near byte " + (offset + indexInChunk - chunkStart) + ")");
    }

    /** The body is not valid {@code multipart/form-data}. */
    static final class MalformedMultipartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedMultipartException(String message) {
            super(message, null, false, false);
        }
    }
}
