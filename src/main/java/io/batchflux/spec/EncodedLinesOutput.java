package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ChatLineWriter;
import io.batchflux.jsonl.ChatMessages;
import io.batchflux.jsonl.EncodedLine;
import io.batchflux.jsonl.LineEncoder;

/** Each request's JSONL line, as {@link LineEncoder} encodes its {@link BatchRequest}. */
final class EncodedLinesOutput extends RequestOutput<EncodedLine> {
    private final LineEncoder encoder = new LineEncoder();
    private final ChatLineWriter chatLines;

    EncodedLinesOutput(ChatLineWriter chatLines) {
        this.chatLines = chatLines;
    }

    @Override
    void chat(String customId, ChatMessages messages) {
        add(encoder.encode(chatLines, customId, messages));
    }

    @Override
    void request(BatchRequest request) {
        add(encoder.encode(request));
    }
}
