package io.batchflux.json;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * What a Jackson parse error says, for people: its own message without the source-location notes Jackson adds for
 * programmers ({@code (start marker at [Source: REDACTED ...; byte offset: #UNKNOWN])}), and the column it stopped
 * at.
 */
public final class JsonErrors {
    private static final Pattern SOURCE_NOTE = Pattern.compile("\\s*\\(start marker at \\[Source:.*\\]\\)\\s*$",
            Pattern.DOTALL);

    private JsonErrors() {}

    /** {@code e}'s message, with {@code ", at column N"} after it when Jackson knows where it stopped. */
    public static String brief(Throwable e) {
        if (!(e instanceof JacksonException jackson)) {
            return String.valueOf(e.getMessage());
        }
        String message = SOURCE_NOTE.matcher(String.valueOf(jackson.getOriginalMessage())).replaceAll("");
        TokenStreamLocation at = jackson.getLocation();
        return at != null && at.getColumnNr() > 0 ? message + ", at column " + at.getColumnNr() : message;
    }
}
