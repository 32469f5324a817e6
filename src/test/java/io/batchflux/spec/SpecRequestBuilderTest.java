package io.batchflux.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.batchflux.BatchRequest;
import io.batchflux.RequestSpecException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ASCII fast path must build exactly what strict decoding plus {@link String#strip()} builds. */
class SpecRequestBuilderTest {
    private final SpecRequestBuilder builder = new SpecRequestBuilder("m", "/v1/chat/completions");

    private BatchRequest build(String text) {
        return builder.build(new SpecPiece(1, 0, 1, text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void asciiTrimmingMatchesStripForEveryAsciiCharacter() {
        for (char c = 0; c < 0x80; c++) {
            if (c == '|' || c == ':') {
                continue;
            }
            String content = c + "x" + c;
            String ascii = build("user:" + content).body().get("messages").get(0).get("content").asString();
            // the same message with a non-ASCII role-free suffix goes through the decoding path
            String decoded = build("user:" + content + "é").body().get("messages").get(0).get("content").asString();
            assertEquals(content.strip(), ascii, "character " + (int) c);
            assertEquals((content + "é").strip(), decoded, "character " + (int) c);
        }
    }

    @Test
    void asciiAndDecodedPathsReportTheSameErrorOffsets() {
        RequestSpecException ascii = assertThrows(RequestSpecException.class,
                () -> build("user: a || \u001f\t boss: b"));
        RequestSpecException decoded = assertThrows(RequestSpecException.class,
                () -> build("user: a || \u001f\t boss: bé"));
        assertEquals(decoded.byteOffset(), ascii.byteOffset());
        assertEquals(14, ascii.byteOffset());
    }

    @Test
    void customIdsArePaddedToThreeDigits() {
        assertEquals("001", SpecRequestBuilder.customId(1));
        assertEquals("042", SpecRequestBuilder.customId(42));
        assertEquals("999", SpecRequestBuilder.customId(999));
        assertEquals("1000", SpecRequestBuilder.customId(1000));
        assertEquals("1000000", SpecRequestBuilder.customId(1_000_000));
    }
}
