package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * One subscription's encoding state: a single streaming generator over a {@link ChunkingOutputStream}, into which
 * lines of {@link BatchRequest}s and, written directly, of {@link ChatMessages} go. Methods are synchronized
 * because a cancel (and its {@link #release()}) may arrive on another thread while a request is being encoded.
 */
public final class EncodingSession {
    private final EncodeLimits limits;
    private final ChunkingOutputStream out;
    private final JsonGenerator generator;
    private long requests;
    private boolean closed;

    /** A session writing pooled buffers of {@code chunkBytes} from {@code allocator}, within {@code limits}. */
    public EncodingSession(ByteBufAllocator allocator, int chunkBytes, EncodeLimits limits) {
        this.limits = limits;
        this.out = new ChunkingOutputStream(allocator, chunkBytes);
        this.generator = JsonlMapper.mapper().createGenerator(out);
    }

    /** Encodes one line; returns the buffers it filled (possibly none). */
    public synchronized List<ByteBuf> encode(BatchRequest request) {
        if (!admit(request.customId())) {
            return List.of();
        }
        long before = out.written();
        RequestLine.write(generator, request);
        generator.flush();
        return accepted(request.customId(), before);
    }

    /** Encodes the line of a chat request with {@code messages}, as {@code writer} formats it. */
    public synchronized List<ByteBuf> encode(ChatLineWriter writer, String customId, ChatMessages messages) {
        if (!admit(customId)) {
            return List.of();
        }
        long before = out.written();
        writer.write(out, customId, messages);
        return accepted(customId, before);
    }

    /** False when the session is closed; throws (and releases everything) when the request is one too many. */
    private boolean admit(String customId) {
        if (closed) {
            return false;
        }
        if (requests + 1 > limits.maxRequests()) {
            throw overLimit("maxRequests", limits.maxRequests(), requests + 1, customId);
        }
        return true;
    }

    /**
     * Counts the line just written (from byte {@code lineStart} on) and hands out the buffers it filled; throws
     * when it passed the byte limit.
     */
    private List<ByteBuf> accepted(String customId, long lineStart) {
        requests++;
        if (out.written() > limits.maxBytes()) {
            long lineBytes = out.written() - lineStart;
            if (lineBytes > limits.maxBytes()) {
                // this line alone: splitting the requests over several batches would not help
                release();
                throw EncodeLimitException.requestTooLarge(customId, lineBytes, limits.maxBytes());
            }
            throw overLimit("maxBytes", limits.maxBytes(), out.written(), customId);
        }
        return out.takeFull();
    }

    private EncodeLimitException overLimit(String limit, long max, long actual, String customId) {
        release();
        return new EncodeLimitException(limit, max, actual, customId, "split the requests over several batches");
    }

    /** Flushes and returns the remaining buffers; the session is closed afterwards. */
    public synchronized List<ByteBuf> finish() {
        if (closed) {
            return List.of();
        }
        closed = true;
        generator.close();
        return out.takeAll();
    }

    public synchronized EncodedTotals totals() {
        return new EncodedTotals(requests, out.written());
    }

    /** Releases whatever was not handed out. Idempotent. */
    public synchronized void release() {
        out.releaseAll(); // first: the generator's closing flush must not write into released buffers
        if (!closed) {
            closed = true;
            generator.close();
        }
    }
}
