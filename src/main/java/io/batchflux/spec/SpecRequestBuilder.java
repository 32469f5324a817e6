package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.JsonlMapper;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one {@link SpecPiece} into a chat completions {@link BatchRequest}, as the Go original did: the piece is
 * split on {@code ||}, each message trimmed ({@link String#strip()}, like Go's {@code strings.TrimSpace}) and cut at
 * its first {@code :} into role and content, both trimmed. A blank piece gives no request but keeps its number.
 * batchflux also rejects roles the API does not know, before anything is uploaded.
 */
final class SpecRequestBuilder {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "developer");
    private static final String ROLE_LIST = "system, user, assistant, developer";
    private static final int QUOTED_MAX_CHARS = 60;

    private final String model;
    private final String endpoint;
    private final Utf8Decoder decoder = new Utf8Decoder();

    SpecRequestBuilder(String model, String endpoint) {
        this.model = model;
        this.endpoint = endpoint;
    }

    /**
     * The request of {@code piece}, or null when the piece is blank.
     *
     * @throws RequestSpecException naming request, message, line and byte offset
     */
    @Nullable BatchRequest build(SpecPiece piece) {
        byte[] bytes = piece.bytes();
        List<int[]> ranges = MessageSplitter.split(bytes);
        ArrayNode messages = JsonlMapper.mapper().createArrayNode();
        for (int m = 0; m < ranges.size(); m++) {
            int start = ranges.get(m)[0];
            int end = ranges.get(m)[1];
            int messageNumber = m + 1;
            String raw;
            try {
                raw = decoder.decode(bytes, start, end);
            } catch (Utf8Decoder.MalformedAt e) {
                throw error(piece, messageNumber, start + e.index, "malformed UTF-8");
            }
            String message = raw.strip();
            if (ranges.size() == 1 && message.isEmpty()) {
                return null;
            }
            int leading = leadingWhitespaceChars(raw);
            int messageStart = start + Utf8Decoder.encodedLength(raw.subSequence(0, leading));
            int colon = message.indexOf(':');
            if (colon < 0) {
                throw error(piece, messageNumber, messageStart,
                        "invalid message format " + quote(message) + " (expected \"role: content\")");
            }
            String role = message.substring(0, colon).strip();
            if (!ROLES.contains(role)) {
                throw error(piece, messageNumber, messageStart,
                        "unknown role " + quote(role) + ": allowed roles are " + ROLE_LIST);
            }
            ObjectNode entry = messages.addObject();
            entry.put("role", role);
            entry.put("content", message.substring(colon + 1).strip());
        }
        ObjectNode body = JsonlMapper.mapper().createObjectNode();
        body.put("model", model);
        body.set("messages", messages);
        return BatchRequest.post(String.format("%03d", piece.position()), endpoint, body);
    }

    private static int leadingWhitespaceChars(String raw) {
        int i = 0;
        while (i < raw.length()) {
            int cp = raw.codePointAt(i);
            if (!Character.isWhitespace(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static RequestSpecException error(SpecPiece piece, int messageNumber, int indexInPiece, String reason) {
        long line = piece.line() + newlines(piece.bytes(), indexInPiece);
        return RequestSpecException.inSpec(piece.position(), messageNumber, line, piece.byteOffset() + indexInPiece,
                reason);
    }

    private static int newlines(byte[] bytes, int end) {
        int count = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    private static String quote(String text) {
        String shown = text.length() > QUOTED_MAX_CHARS ? text.substring(0, QUOTED_MAX_CHARS) + "..." : text;
        return "\"" + shown + "\"";
    }
}
