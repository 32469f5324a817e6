package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;

/**
 * Encodes requests one at a time into {@link EncodedLine}s, with the same {@link RequestLine} layout as
 * {@link JsonlEncoder}. Reuses one buffer, so an instance belongs to one subscription; not thread-safe.
 */
public final class LineEncoder {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

    public EncodedLine encode(BatchRequest request) {
        return new EncodedLine(request.customId(), write(request).toByteArray());
    }

    /** The line of a chat request with {@code messages}, as {@code writer} formats it. */
    public EncodedLine encode(ChatLineWriter writer, String customId, ChatMessages messages) {
        return new EncodedLine(customId, write(writer, customId, messages).toByteArray());
    }

    /** The length in bytes (newline included) of {@link #encode(BatchRequest)}'s line, without copying it out. */
    public int lineBytes(BatchRequest request) {
        return write(request).size();
    }

    /** The length in bytes of {@link #encode(ChatLineWriter, String, ChatMessages)}'s line, without copying it out. */
    public int lineBytes(ChatLineWriter writer, String customId, ChatMessages messages) {
        return write(writer, customId, messages).size();
    }

    /** The reused buffer, holding just {@code request}'s line. */
    private ByteArrayOutputStream write(BatchRequest request) {
        buffer.reset();
        try (JsonGenerator g = JsonlMapper.mapper().createGenerator(buffer)) {
            RequestLine.write(g, request);
        }
        return buffer;
    }

    private ByteArrayOutputStream write(ChatLineWriter writer, String customId, ChatMessages messages) {
        buffer.reset();
        writer.write(buffer, customId, messages);
        return buffer;
    }
}
