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
 * and limit) whether the input's leading whitespace shares a chunk with the first request or arrives alone.
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
}
