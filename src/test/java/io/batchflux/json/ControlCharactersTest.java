package io.batchflux.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {
    @Test
    void escapesEveryControlCharacterAndKeepsTheRest() {
        assertEquals("a\\nb\\r\\tc \\u0000\\u001b[31m \\u007f\\u0085\\u009f",
                ControlCharacters.escape("a\nb\r\tc \u0000\u001b[31m \u007f\u0085\u009f"));
        assertEquals("\"héllo\" 👋 ∑ \\ / \u00a0", ControlCharacters.escape("\"héllo\" 👋 ∑ \\ / \u00a0"));
        assertEquals("C:\\new\\täst.txt", ControlCharacters.escape("C:\\new\\täst.txt"), "backslashes kept");
        assertEquals("a\\u2028b\\u2029c\\u202ed\\u2066e", ControlCharacters.escape("a\u2028b\u2029c\u202ed\u2066e"));
    }

    @Test
    void aTextWithoutControlsIsReturnedAsItIs() {
        String plain = "invalid message format \"x\" (expected \"role: content\")";
        assertSame(plain, ControlCharacters.escape(plain));
        assertSame("", ControlCharacters.escape(""));
    }
}
