package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ChatLineWriter;
import io.batchflux.jsonl.ChatMessages;
import io.batchflux.jsonl.EncodeLimitException;
import io.batchflux.jsonl.LineEncoder;
import java.util.List;

/**
 * Only the number of requests, emitted once at the end of the input: for a validation pass. Each request's line is
 * encoded into one reused buffer and measured, so that a request no batch could take is found before any is made.
 */
final class CountingOutput extends RequestOutput<Long> {
    private final ChatLineWriter chatLines;
    private final long maxLineBytes;
    private final LineEncoder lines = new LineEncoder();
    private long count;

    CountingOutput(ChatLineWriter chatLines, long maxLineBytes) {
        this.chatLines = chatLines;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    void chat(String customId, ChatMessages messages) {
        EncodeLimitException.requireLineFits(customId, lines.lineBytes(chatLines, customId, messages), maxLineBytes);
        count++;
    }

    @Override
    void request(BatchRequest request) {
        EncodeLimitException.requireLineFits(request.customId(), lines.lineBytes(request), maxLineBytes);
        count++;
    }

    @Override
    List<Long> finish() {
        return List.of(count);
    }
}
