package io.batchflux.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.node.ObjectNode;

/** The encoder's tree writer must produce exactly the bytes of Jackson's own {@code writeTree}. */
class TreeWriterTest {
    private static final List<String> TEXTS = List.of("", "plain text, with: punctuation? yes!", "a/b and/or c",
            "quote \" backslash \\ end", "tab\tnewline\ncr\r", "\u0000\u0001\u001f\u007f", "héllo 👋 ünïcode",
            "unpaired \uD800 high", "unpaired \uDC00 low?", "question? marks??", "<script>&amp;</script>",
            "\u2028\u2029", "x".repeat(20_000), "é".repeat(9_000) + "end");

    private static String jackson(ObjectNode body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonlMapper.mapper().createGenerator(out)) {
            g.writeTree(body);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String ours(ObjectNode body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonlMapper.mapper().createGenerator(out)) {
            TreeWriter.write(g, body);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesEveryStringLikeJacksonsWriteTree() {
        for (String text : TEXTS) {
            ObjectNode body = JsonlMapper.mapper().createObjectNode();
            body.put("model", "gpt-4o-mini");
            ObjectNode message = body.putArray("messages").addObject();
            message.put("role", "user");
            message.put("content", text);
            assertEquals(jackson(body), ours(body), () -> "text " + text.substring(0, Math.min(40, text.length())));
        }
    }

    @Test
    void writesOtherNodeTypesLikeJacksonsWriteTree() {
        ObjectNode body = JsonlMapper.mapper().createObjectNode();
        body.put("temperature", 0.7);
        body.put("max_tokens", 100);
        body.put("big", 12345678901234L);
        body.put("stream", false);
        body.putNull("stop");
        body.putArray("empty");
        body.putObject("nested").putArray("list").add(1).add("two").addNull().addObject().put("k", "v/w");
        body.put("bytes", new byte[] {1, 2, 3});
        assertEquals(jackson(body), ours(body));
    }
}
