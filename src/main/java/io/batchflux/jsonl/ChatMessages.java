package io.batchflux.jsonl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The validated messages of one chat request, as the spec parser found them: each a role and a content that is
 * either a range of the parser's bytes (ASCII text, copied only when it is written) or a decoded string. Reused
 * from request to request by one subscription: {@link #clear()} starts the next; not thread-safe.
 */
public final class ChatMessages {
    private String[] roles = new String[4];
    private byte @Nullable [][] sources = new byte[4][];
    private int[] froms = new int[4];
    private int[] tos = new int[4];
    private @Nullable String[] texts = new String[4];
    private boolean[] plain = new boolean[4];
    private int size;

    /** Forgets the messages (the byte ranges refer to the caller's arrays, which it may now reuse). */
    public void clear() {
        Arrays.fill(sources, 0, size, null);
        Arrays.fill(texts, 0, size, null);
        size = 0;
    }

    /**
     * Adds a message whose content is the ASCII bytes {@code [from, to)} of {@code bytes}; unless
     * {@code mayNeedEscapes}, the caller has checked that none of them {@link #needsEscape needs an escape}, and the
     * text is copied without another look.
     */
    public void addAscii(String role, byte[] bytes, int from, int to, boolean mayNeedEscapes) {
        int i = next(role);
        sources[i] = bytes;
        froms[i] = from;
        tos[i] = to;
        plain[i] = !mayNeedEscapes;
    }

    /** Whether JSON text escapes {@code b} (as the encoder's mapper does), for callers that scan text anyway. */
    public static boolean needsEscape(byte b) {
        return JsonLineBuffer.needsEscape(b);
    }

    /** Adds a message with decoded content. */
    public void addText(String role, String content) {
        int i = next(role); // first: next() may grow (replace) the arrays
        texts[i] = content;
    }

    public int size() {
        return size;
    }

    public String role(int index) {
        return roles[index];
    }

    /** The content as a string (for ASCII ranges, made here with one Latin-1 copy). */
    public String content(int index) {
        String text = texts[index];
        return text != null ? text : new String(sources[index], froms[index], tos[index] - froms[index],
                StandardCharsets.ISO_8859_1);
    }

    /** Appends the content's JSON string (quotes included) to {@code line}. */
    void appendContent(int index, JsonLineBuffer line) {
        String text = texts[index];
        if (text != null) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            line.appendString(utf8, 0, utf8.length);
        } else if (plain[index]) {
            line.appendPlainString(sources[index], froms[index], tos[index]);
        } else {
            line.appendString(sources[index], froms[index], tos[index]);
        }
    }

    private int next(String role) {
        if (size == roles.length) {
            int capacity = size * 2;
            roles = Arrays.copyOf(roles, capacity);
            sources = Arrays.copyOf(sources, capacity);
            froms = Arrays.copyOf(froms, capacity);
            tos = Arrays.copyOf(tos, capacity);
            texts = Arrays.copyOf(texts, capacity);
            plain = Arrays.copyOf(plain, capacity);
        }
        roles[size] = role;
        return size++;
    }
}
