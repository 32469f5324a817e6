package io.batchflux.emulator;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the emulator reads from a multipart part's headers: the form field {@code name} and the
 * {@code filename} of its {@code Content-Disposition}.
 */
record PartHeaders(@Nullable String name, @Nullable String filename) {

    /** Parses a header block ({@code Name: value} lines separated by CRLF); unknown headers are ignored. */
    static PartHeaders parse(String block) {
        String name = null;
        String filename = null;
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                String value = line.substring(colon + 1);
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            }
        }
        return new PartHeaders(name, filename);
    }

    /**
     * The value of parameter {@code wanted} in a header value like {@code form-data; name="file"; filename="a b.jsonl"},
     * honouring quotes (a quoted value may hold {@code ;}) and backslash escapes inside them.
     */
    static @Nullable String parameter(String headerValue, String wanted) {
        int i = 0;
        int n = headerValue.length();
        while (i < n) {
            int semicolon = headerValue.indexOf(';', i);
            if (semicolon < 0) {
                return null;
            }
            i = semicolon + 1;
            int eq = headerValue.indexOf('=', i);
            int nextSemicolon = headerValue.indexOf(';', i);
            if (eq < 0 || (nextSemicolon >= 0 && nextSemicolon < eq)) {
                continue;
            }
            String key = headerValue.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            while (j < n && headerValue.charAt(j) == ' ') {
                j++;
            }
            if (j < n && headerValue.charAt(j) == '"') {
                j++;
                while (j < n && headerValue.charAt(j) != '"') {
                    char c = headerValue.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        c = headerValue.charAt(++j);
                    }
                    value.append(c);
                    j++;
                }
                j++;
            } else {
                while (j < n && headerValue.charAt(j) != ';') {
                    value.append(headerValue.charAt(j++));
                }
            }
            if (key.equals(wanted)) {
                return value.toString().trim();
            }
            i = j;
        }
        return null;
    }
}
