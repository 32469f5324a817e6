package io.batchflux.json;

import io.batchflux.BatchStatus;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/** Reads any status string into the open {@link BatchStatus}; an unknown value is kept, never rejected. */
final class BatchStatusDeserializer extends ValueDeserializer<BatchStatus> {
    @Override
    public BatchStatus deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return BatchStatus.of(p.getString());
        }
        return BatchStatus.of(p.getValueAsString("unknown"));
    }
}
