package io.batchflux.jsonl;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes a request body tree as {@code generator.writeTree} would, but puts plain ASCII strings (no quote,
 * backslash, slash or control character: the text of almost every chat message) through
 * {@link JsonGenerator#writeRawUTF8String} after one bulk {@link String#getBytes} instead of Jackson's per-character
 * escaping loop. Objects and arrays are walked here; every other node (and every other string) goes to the
 * generator unchanged, so the output is byte for byte the same.
 */
final class TreeWriter {
    /** Whether the shared mapper writes {@code /} as {@code \/} (a Jackson 3 option): then it is not plain. */
    private static final boolean ESCAPES_SLASH = JsonlMapper.mapper().writeValueAsString("/").contains("\\");

    private static final byte PLAIN = 0;
    private static final byte ESCAPED = 1;
    private static final byte QUESTION_MARK = 2;
    private static final byte[] KINDS = kinds();

    private TreeWriter() {
    }

    static void write(JsonGenerator generator, JsonNode node) {
        if (node.isObject()) {
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                generator.writeName(property.getKey());
                write(generator, property.getValue());
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node.values()) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (node.isString()) {
            writeString(generator, node.asString());
        } else {
            generator.writeTree(node);
        }
    }

    static void writeString(JsonGenerator generator, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == text.length() && isPlain(bytes, text)) {
            generator.writeRawUTF8String(bytes, 0, bytes.length);
        } else {
            generator.writeString(text);
        }
    }

    /**
     * True when every byte is printable ASCII other than {@code "} and {@code \} (and {@code /} when the mapper
     * escapes it), and each {@code ?} was a {@code ?} in the text (not an unpaired surrogate that {@code getBytes}
     * replaced). One table load per byte.
     */
    private static boolean isPlain(byte[] bytes, String text) {
        byte[] kinds = KINDS;
        for (int i = 0; i < bytes.length; i++) {
            byte kind = kinds[bytes[i] & 0xFF];
            if (kind != PLAIN && (kind == ESCAPED || text.charAt(i) != '?')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] kinds() {
        byte[] kinds = new byte[256];
        for (int b = 0; b < 256; b++) {
            boolean escaped = b < 0x20 || b >= 0x7F || b == '"' || b == '\\' || (b == '/' && ESCAPES_SLASH);
            kinds[b] = escaped ? ESCAPED : b == '?' ? QUESTION_MARK : PLAIN;
        }
        return kinds;
    }
}
