package io.batchflux.json;

/**
 * Escapes the control characters of a text that is shown to a person, the way JSON strings write them
 * ({@code \n}, {@code \t}, {@code \u001b}, ...): an error quoting a user's input or a server's message then stays
 * on one line, and no escape sequence or reordering of the text from either reaches a terminal. Every other
 * character is kept.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    /**
     * {@code text} with each C0 control, DEL, C1 control, line or paragraph separator and bidirectional override
     * written as an escape; the same string if it has none. Backslashes are kept as they are (Windows paths).
     */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * Like {@link #escape(String)}, but line breaks and tabs stay as they are: for multi-line text meant to be read
     * as such (a model's answer), which must still carry no escape sequence to the terminal.
     */
    public static String escapeKeepingLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLines) {
        int first = 0;
        while (first < text.length() && !isEscaped(text.charAt(first), keepLines)) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isEscaped(c, keepLines)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isEscaped(char c, boolean keepLines) {
        return isControl(c) && !(keepLines && (c == '\n' || c == '\t'));
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || c == 0x2028 || c == 0x2029 // line and paragraph separators: a new line in some terminals
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069); // bidirectional overrides
    }
}
