package io.batchflux.emulator;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one Jackson mapper the emulator renders and reads OpenAI's JSON with (mappers are immutable in Jackson 3). */
final class EmulatorJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EmulatorJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** Puts a unix timestamp, or JSON null: OpenAI sends unset timestamps as null. */
    static void putNullable(ObjectNode node, String field, @Nullable Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.longValue());
        }
    }

    static void putNullable(ObjectNode node, String field, @Nullable String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
