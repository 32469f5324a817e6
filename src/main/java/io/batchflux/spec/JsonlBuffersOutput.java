package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ChatLineWriter;
import io.batchflux.jsonl.ChatMessages;
import io.batchflux.jsonl.EncodedTotals;
import io.batchflux.jsonl.EncodingSession;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.function.Consumer;

/**
 * The requests' JSONL in upload-sized pooled buffers, as {@link io.batchflux.jsonl.JsonlEncoder} writes them
 * (same bytes, buffer sizes and limits; the totals reported before the last buffers). Encoding holds this
 * object's lock, so a concurrent {@link #release()} cannot miss buffers an encoding call is handing over.
 */
final class JsonlBuffersOutput extends RequestOutput<ByteBuf> {
    private final EncodingSession session;
    private final ChatLineWriter chatLines;
    private final Consumer<EncodedTotals> onTotals;

    JsonlBuffersOutput(EncodingSession session, ChatLineWriter chatLines, Consumer<EncodedTotals> onTotals) {
        this.session = session;
        this.chatLines = chatLines;
        this.onTotals = onTotals;
    }

    @Override
    synchronized void chat(String customId, ChatMessages messages) {
        addAll(session.encode(chatLines, customId, messages));
    }

    @Override
    synchronized void request(BatchRequest request) {
        addAll(session.encode(request));
    }

    /** The last buffers, once {@code onTotals} has accepted the totals (when it throws, {@link #release()} frees them). */
    @Override
    synchronized List<ByteBuf> finish() {
        addAll(session.finish());
        onTotals.accept(session.totals());
        return take();
    }

    @Override
    synchronized void release() {
        pending().forEach(ReferenceCountUtil::safeRelease);
        super.release();
        session.release();
    }
}
