package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.JsonlMapper;
import java.nio.charset.StandardCharsets;
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
            boolean added = isAscii(bytes, start, end)
                    ? addAscii(messages, piece, m + 1, ranges.size(), start, end)
                    : addDecoded(messages, piece, m + 1, ranges.size(), start, end);
            if (!added) {
                return null;
            }
        }
        ObjectNode body = JsonlMapper.mapper().createObjectNode();
        body.put("model", model);
        body.set("messages", messages);
        return BatchRequest.post(customId(piece.position()), endpoint, body);
    }

    /**
     * The common case, ASCII only: trims and cuts on byte indices and makes each string with one copy, exactly as
     * {@link #addDecoded} would (for ASCII, {@link String#strip()} removes the bytes {@link #isWhitespace} names).
     * False when the request is blank.
     */
    private static boolean addAscii(ArrayNode messages, SpecPiece piece, int messageNumber, int messageCount,
            int start, int end) {
        byte[] bytes = piece.bytes();
        int from = skipWhitespace(bytes, start, end);
        int to = trimEnd(bytes, from, end);
        if (messageCount == 1 && from == to) {
            return false;
        }
        int colon = indexOf(bytes, (byte) ':', from, to);
        if (colon < 0) {
            throw error(piece, messageNumber, from,
                    "invalid message format " + quote(ascii(bytes, from, to)) + " (expected \"role: content\")");
        }
        int roleFrom = skipWhitespace(bytes, from, colon);
        String role = ascii(bytes, roleFrom, trimEnd(bytes, roleFrom, colon));
        if (!ROLES.contains(role)) {
            throw error(piece, messageNumber, from,
                    "unknown role " + quote(role) + ": allowed roles are " + ROLE_LIST);
        }
        int contentFrom = skipWhitespace(bytes, colon + 1, to);
        ObjectNode entry = messages.addObject();
        entry.put("role", role);
        entry.put("content", ascii(bytes, contentFrom, trimEnd(bytes, contentFrom, to)));
        return true;
    }

    /** Any UTF-8: strict decoding (malformed input is an error at its byte), then Unicode-aware trimming. */
    private boolean addDecoded(ArrayNode messages, SpecPiece piece, int messageNumber, int messageCount,
            int start, int end) {
        byte[] bytes = piece.bytes();
        String raw;
        try {
            raw = decoder.decode(bytes, start, end);
        } catch (Utf8Decoder.MalformedAt e) {
            throw error(piece, messageNumber, start + e.index, "malformed UTF-8");
        }
        String message = raw.strip();
        if (messageCount == 1 && message.isEmpty()) {
            return false;
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
        return true;
    }

    /** {@code 001}, {@code 002}, ... {@code 999}, {@code 1000}: as {@code String.format("%03d")}, without its parsing. */
    static String customId(long position) {
        String digits = Long.toString(position);
        return switch (digits.length()) {
            case 1 -> "00" + digits;
            case 2 -> "0" + digits;
            default -> digits;
        };
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** The ASCII characters {@link Character#isWhitespace(int)} accepts: TAB to CR, FS to US, and space. */
    private static boolean isWhitespace(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    }

    private static int skipWhitespace(byte[] bytes, int from, int to) {
        while (from < to && isWhitespace(bytes[from])) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] bytes, int from, int to) {
        while (to > from && isWhitespace(bytes[to - 1])) {
            to--;
        }
        return to;
    }

    private static int indexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** ASCII is valid Latin-1: a plain copy into a compact string, no decoding loop. */
    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
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
