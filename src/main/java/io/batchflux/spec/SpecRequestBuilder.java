package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.ChatMessages;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns one {@link SpecPiece} into the messages of a chat completions request, as the Go original did: the piece
 * is split on {@code ||}, each message trimmed ({@link String#strip()}, like Go's {@code strings.TrimSpace}) and
 * cut at its first {@code :} into role and content, both trimmed. A blank piece gives no request but keeps its
 * number. batchflux also rejects roles the API does not know, before the upload completes. The messages become a
 * {@link BatchRequest} ({@link #build}) or are written as a JSONL line directly ({@link #parse}, then
 * {@link io.batchflux.jsonl.ChatLineWriter}).
 */
final class SpecRequestBuilder {
    private static final List<String> ROLE_NAMES = List.of("system", "user", "assistant", "developer");
    private static final Set<String> ROLES = Set.copyOf(ROLE_NAMES);
    private static final byte[][] ROLE_BYTES = ROLE_NAMES.stream()
            .map(role -> role.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final String ROLE_LIST = String.join(", ", ROLE_NAMES);
    private static final int QUOTED_MAX_CHARS = 60;

    private final String model;
    private final String endpoint;
    private final Utf8Decoder decoder = new Utf8Decoder();
    private final MessageSplitter splitter = new MessageSplitter();

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
        ChatMessages parsed = new ChatMessages();
        return parse(piece, parsed) ? RequestsOutput.request(customId(piece.position()), endpoint, model, parsed)
                : null;
    }

    /**
     * Puts the messages of {@code piece} into {@code messages} (cleared first; ASCII contents refer to the piece's
     * bytes). False when the piece is blank.
     *
     * @throws RequestSpecException naming request, message, line and byte offset
     */
    boolean parse(SpecPiece piece, ChatMessages messages) {
        messages.clear();
        MessageSplitter ranges = splitter;
        ranges.split(piece.bytes());
        int count = ranges.count();
        for (int m = 0; m < count; m++) {
            int start = ranges.start(m);
            int end = ranges.end(m);
            int flags = ranges.flags(m);
            boolean added = (flags & MessageSplitter.NON_ASCII) == 0
                    ? addAscii(messages, piece, m + 1, count, start, end, (flags & MessageSplitter.ESCAPED) != 0)
                    : addDecoded(messages, piece, m + 1, count, start, end);
            if (!added) {
                return false;
            }
        }
        return true;
    }

    /**
     * The common case, ASCII only: trims and cuts on byte indices and makes each string with one copy, exactly as
     * {@link #addDecoded} would (for ASCII, {@link String#strip()} removes the bytes {@link #isWhitespace} names).
     * False when the request is blank.
     */
    private static boolean addAscii(ChatMessages messages, SpecPiece piece, int messageNumber, int messageCount,
            int start, int end, boolean mayNeedEscapes) {
        byte[] bytes = piece.bytes();
        int from = skipWhitespace(bytes, start, end);
        int to = trimEnd(bytes, from, end);
        if (messageCount == 1 && from == to) {
            return false;
        }
        int colon = indexOf(bytes, (byte) ':', from, to);
        if (colon < 0) {
            throw invalidFormat(piece, messageNumber, from, ascii(bytes, from, to));
        }
        int roleFrom = skipWhitespace(bytes, from, colon);
        int roleTo = trimEnd(bytes, roleFrom, colon);
        String role = knownRole(bytes, roleFrom, roleTo);
        if (role == null) {
            throw unknownRole(piece, messageNumber, from, ascii(bytes, roleFrom, roleTo));
        }
        int contentFrom = skipWhitespace(bytes, colon + 1, to);
        messages.addAscii(role, bytes, contentFrom, trimEnd(bytes, contentFrom, to), mayNeedEscapes);
        return true;
    }

    /** Any UTF-8: strict decoding (malformed input is an error at its byte), then Unicode-aware trimming. */
    private boolean addDecoded(ChatMessages messages, SpecPiece piece, int messageNumber, int messageCount,
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
            throw invalidFormat(piece, messageNumber, messageStart, message);
        }
        String role = message.substring(0, colon).strip();
        if (!ROLES.contains(role)) {
            throw unknownRole(piece, messageNumber, messageStart, role);
        }
        messages.addText(role, message.substring(colon + 1).strip());
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

    /** The role among the known ones whose ASCII bytes are {@code [from, to)}, or null; no string is made. */
    private static @Nullable String knownRole(byte[] bytes, int from, int to) {
        for (int r = 0; r < ROLE_BYTES.length; r++) {
            if (Arrays.equals(bytes, from, to, ROLE_BYTES[r], 0, ROLE_BYTES[r].length)) {
                return ROLE_NAMES.get(r);
            }
        }
        return null;
    }

    private static RequestSpecException invalidFormat(SpecPiece piece, int messageNumber, int indexInPiece,
            String message) {
        return error(piece, messageNumber, indexInPiece,
                "invalid message format " + quote(message) + " (expected \"role: content\")");
    }

    private static RequestSpecException unknownRole(SpecPiece piece, int messageNumber, int indexInPiece,
            String role) {
        return error(piece, messageNumber, indexInPiece, "unknown role " + quote(role) + ": allowed roles are "
                + ROLE_LIST);
    }

    private static RequestSpecException error(SpecPiece piece, int messageNumber, int indexInPiece, String reason) {
        long line = piece.line() + ByteWords.count(piece.bytes(), 0, indexInPiece, (byte) '\n');
        return RequestSpecException.inSpec(piece.position(), messageNumber, line, piece.byteOffset() + indexInPiece,
                reason);
    }

    private static String quote(String text) {
        String shown = text.length() > QUOTED_MAX_CHARS ? text.substring(0, QUOTED_MAX_CHARS) + "..." : text;
        return "\"" + shown + "\"";
    }
}
