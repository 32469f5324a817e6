package io.batchflux.json;

import java.time.Instant;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/** Writes timestamps as OpenAI does: whole unix seconds. */
final class EpochSecondsSerializer extends ValueSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeNumber(value.getEpochSecond());
    }
}
