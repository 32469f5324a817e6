package io.batchflux.jsonl;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a chat completions request line, {@code {"custom_id","method":"POST","url","body":{"model","messages"}}}
 * and a newline, straight from {@link ChatMessages}: byte for byte what {@link RequestLine} writes for the same
 * request built as a tree, without building the tree. The constant parts (url and model included) are encoded
 * once; the line is assembled by a {@link JsonLineBuffer} and written in one piece. One per subscription: not
 * thread-safe.
 */
public final class ChatLineWriter {
    private static final byte[] START = ascii("{\"custom_id\":");
    private static final byte[] FIRST_ROLE = ascii("{\"role\":");
    private static final byte[] NEXT_ROLE = ascii(",{\"role\":");
    private static final byte[] CONTENT = ascii(",\"content\":");
    private static final byte[] MESSAGE_END = ascii("}");
    private static final byte[] END = ascii("]}}\n");

    private final byte[] afterId;
    private final Map<String, byte[]> quotedRoles = new HashMap<>();
    private final JsonLineBuffer line = new JsonLineBuffer();

    /** A writer for requests to {@code url} whose bodies name {@code model}. */
    public ChatLineWriter(String url, String model) {
        this.afterId = concat(ascii(",\"method\":"), JsonLineBuffer.quoted("POST"), ascii(",\"url\":"),
                JsonLineBuffer.quoted(url), ascii(",\"body\":{\"model\":"), JsonLineBuffer.quoted(model),
                ascii(",\"messages\":["));
    }

    void write(OutputStream out, String customId, ChatMessages messages) {
        JsonLineBuffer json = line;
        json.reset();
        json.appendRaw(START);
        byte[] id = customId.getBytes(StandardCharsets.UTF_8);
        json.appendString(id, 0, id.length);
        json.appendRaw(afterId);
        for (int i = 0; i < messages.size(); i++) {
            json.appendRaw(i == 0 ? FIRST_ROLE : NEXT_ROLE);
            json.appendRaw(quotedRoles.computeIfAbsent(messages.role(i), JsonLineBuffer::quoted));
            json.appendRaw(CONTENT);
            messages.appendContent(i, json);
            json.appendRaw(MESSAGE_END);
        }
        json.appendRaw(END);
        json.writeTo(out);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
