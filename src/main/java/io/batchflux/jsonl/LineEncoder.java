package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;

/**
 * Encodes requests one at a time into {@link EncodedLine}s, in the same field order as {@link JsonlEncoder}
 * ({@code custom_id}, {@code method}, {@code url}, {@code body}). Reuses one buffer, so an instance belongs to
 * one subscription; not thread-safe.
 */
public final class LineEncoder {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

    public EncodedLine encode(BatchRequest request) {
        buffer.reset();
        try (JsonGenerator g = JsonlMapper.mapper().createGenerator(buffer)) {
            g.writeStartObject();
            g.writeStringProperty("custom_id", request.customId());
            g.writeStringProperty("method", request.method());
            g.writeStringProperty("url", request.url());
            g.writeName("body");
            g.writeTree(request.body());
            g.writeEndObject();
            g.writeRaw('\n');
        }
        return new EncodedLine(request.customId(), buffer.toByteArray());
    }
}
