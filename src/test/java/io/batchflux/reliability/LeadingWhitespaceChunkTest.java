package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchflux.RequestSpecException;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Found by {@link ParserFuzzTest}: the spec parser's format auto-detection must report the same error (position
 * and limit) whether the input's leading whitespace shares a chunk with the first request or arrives alone, also
 * when that whitespace is longer than the size limit.
 */
class LeadingWhitespaceChunkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static String error(RequestSpecParser parser, String... chunks) {
        List<ByteBuf> bufs = java.util.Arrays.stream(chunks)
                .map(c -> Unpooled.copiedBuffer(c, StandardCharsets.UTF_8)).toList();
        try {
            parser.parse(Flux.fromIterable(bufs)).collectList().block(TIMEOUT);
            return "no error";
        } catch (RequestSpecException e) {
            return e.getMessage();
        }
    }

    @Test
    void specErrorPositionIgnoresChunkingOfLeadingWhitespace() {
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults());
        assertEquals(error(parser, " \n tool: hi"), error(parser, " \n ", "tool: hi"));
    }

    @Test
    void jsonlErrorPositionIgnoresChunkingOfLeadingWhitespace() {
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults());
        assertEquals(error(parser, "  {\"custom_id\":1}"), error(parser, "  ", "{\"custom_id\":1}"));
    }

    @Test
    void sizeLimitCountsLeadingWhitespaceWhateverTheChunking() {
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults().withMaxRequestBytes(12));
        assertEquals(error(parser, "        user: hi"), error(parser, "        ", "user: hi"));
    }

    @Test
    void jsonlWhitespaceLineOverTheLimitIsReportedWhateverTheChunking() {
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults().withMaxRequestBytes(1));
        String whole = error(parser, "  \r\n{\"custom_id\":1}");
        assertEquals("invalid JSONL at line 1 (byte 0): line is longer than the limit of 1 bytes", whole);
        assertEquals(whole, error(parser, "  \r", "\n{\"custom_id\":1}"));
        assertEquals(whole, error(parser, " ", " \r\n{\"custom_id\":1}"));
        assertEquals(whole, error(parser, " ", " ", "\r\n", "{\"custom_id\":1}"));
    }

    @Test
    void jsonlLineAfterLongWhitespaceLineIsPlacedWhateverTheChunking() {
        String spaces = " ".repeat(30);
        String line = "{\"custom_id\":1}";
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults().withMaxRequestBytes(40));
        String whole = error(parser, spaces + "\n" + spaces + line);
        assertEquals(whole, error(parser, spaces, "\n" + spaces, line));
        assertEquals(whole, error(parser, spaces + "\n", spaces.substring(5), spaces.substring(25) + line));
    }

    @Test
    void specWhitespaceOverTheLimitIsReportedWhateverTheChunking() {
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults().withMaxRequestBytes(4));
        String whole = error(parser, "\n\n\n\n\n\n user: hi");
        assertEquals(whole, error(parser, "\n\n\n", "\n\n\n ", "user: hi"));
        assertEquals(whole, error(parser, "\n", "\n\n\n\n\n", " ", "user: hi"));
    }
}
