package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import tools.jackson.core.JsonGenerator;

/**
 * Writes one request as a batch input line, {@code {"custom_id","method","url","body"}} and a newline: the one
 * layout both encoders ({@link JsonlEncoder}, and {@link LineEncoder} for sharding) produce.
 */
final class RequestLine {
    private RequestLine() {}

    static void write(JsonGenerator generator, BatchRequest request) {
        generator.writeStartObject();
        generator.writeStringProperty("custom_id", request.customId());
        generator.writeStringProperty("method", request.method());
        generator.writeStringProperty("url", request.url());
        generator.writeName("body");
        TreeWriter.write(generator, request.body());
        generator.writeEndObject();
        generator.writeRaw('\n');
    }
}
