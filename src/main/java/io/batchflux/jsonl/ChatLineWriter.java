package io.batchflux.jsonl;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a chat completions request line, {@code {"custom_id","method":"POST","url","body":{"model","messages"}}}
 * and a newline, straight from {@link ChatMessages}: byte for byte what {@link RequestLine} writes for the same
 * request built as a tree, without building the tree. The constant parts (url and model included) are encoded
 * once; message text is escaped by {@link JsonStringWriter}.
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

    /** A writer for requests to {@code url} whose bodies name {@code model}. */
    public ChatLineWriter(String url, String model) {
        this.afterId = concat(ascii(",\"method\":"), JsonStringWriter.quoted("POST"), ascii(",\"url\":"),
                JsonStringWriter.quoted(url), ascii(",\"body\":{\"model\":"), JsonStringWriter.quoted(model),
                ascii(",\"messages\":["));
    }

    void write(OutputStream out, String customId, ChatMessages messages) {
        JsonStringWriter json = new JsonStringWriter(out);
        json.writeRaw(START);
        byte[] id = customId.getBytes(StandardCharsets.UTF_8);
        json.writeString(id, 0, id.length);
        json.writeRaw(afterId);
        for (int i = 0; i < messages.size(); i++) {
            json.writeRaw(i == 0 ? FIRST_ROLE : NEXT_ROLE);
            json.writeRaw(quotedRoles.computeIfAbsent(messages.role(i), JsonStringWriter::quoted));
            json.writeRaw(CONTENT);
            messages.writeContent(i, json);
            json.writeRaw(MESSAGE_END);
        }
        json.writeRaw(END);
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
