package io.batchflux.json;

import io.batchflux.BatchStatus;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/** Writes a {@link BatchStatus} as its plain string. */
final class BatchStatusSerializer extends ValueSerializer<BatchStatus> {
    @Override
    public void serialize(BatchStatus value, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeString(value.value());
    }
}
