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
        return encode(request.customId(), () -> {
            RequestLine.write(generator, request);
            generator.flush();
        });
    }

    /** Encodes the line of a chat request with {@code messages}, as {@code writer} formats it. */
    public synchronized List<ByteBuf> encode(ChatLineWriter writer, String customId, ChatMessages messages) {
        return encode(customId, () -> writer.write(out, customId, messages));
    }

    private List<ByteBuf> encode(String customId, Runnable writeLine) {
        if (closed) {
            return List.of();
        }
        if (requests + 1 > limits.maxRequests()) {
            release();
            throw new EncodeLimitException("maxRequests", limits.maxRequests(), requests + 1, customId,
                    "split the requests over several batches");
        }
        writeLine.run();
        requests++;
        if (out.written() > limits.maxBytes()) {
            long written = out.written();
            release();
            throw new EncodeLimitException("maxBytes", limits.maxBytes(), written, customId,
                    "split the requests over several batches");
        }
        return out.takeFull();
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
