package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakGuard.class)
class MultipartStreamParserTest {

    // the file content holds CRs, a near-delimiter and dashes to tempt a sloppy matcher
    private static final String CONTENT = "{\"a\":1}\r\n\r\n--batchflux-test-boundary\r\r\n--x\n";

    /** Collects parts by name. */
    private static final class Collector implements MultipartStreamParser.Listener {
        final Map<String, ByteArrayOutputStream> parts = new LinkedHashMap<>();
        final List<String> filenames = new ArrayList<>();
        ByteArrayOutputStream current;

        @Override
        public void partStarted(PartHeaders headers) {
            current = new ByteArrayOutputStream();
            parts.put(headers.name(), current);
            if (headers.filename() != null) {
                filenames.add(headers.filename());
            }
        }

        @Override
        public void partData(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            current.writeBytes(bytes);
        }

        @Override
        public void partEnded() {
            current = null;
        }
    }

    private static byte[] body() {
        return EmulatorHttp.multipart("batch", "in put;x.jsonl", CONTENT.getBytes(StandardCharsets.UTF_8),
                Map.of("expires_after[seconds]", "3600"));
    }

    @Test
    void findsEveryPartWhateverTwoChunksTheBodyIsSplitInto() {
        byte[] body = body();
        for (int split = 0; split <= body.length; split++) {
            Collector collector = new Collector();
            MultipartStreamParser parser = new MultipartStreamParser(EmulatorHttp.BOUNDARY, collector, 1024);
            feed(parser, body, 0, split);
            feed(parser, body, split, body.length);
            assertTrue(parser.isComplete(), "split at " + split);
            assertEquals(CONTENT, collector.parts.get("file").toString(StandardCharsets.UTF_8), "split at " + split);
            assertEquals("batch", collector.parts.get("purpose").toString(StandardCharsets.UTF_8), "split at " + split);
            assertEquals("3600", collector.parts.get("expires_after[seconds]").toString(StandardCharsets.UTF_8));
            assertEquals(List.of("in put;x.jsonl"), collector.filenames);
        }
    }

    @Test
    void findsEveryPartWhenFedOneByteAtATime() {
        byte[] body = body();
        Collector collector = new Collector();
        MultipartStreamParser parser = new MultipartStreamParser(EmulatorHttp.BOUNDARY, collector, 1024);
        for (int i = 0; i < body.length; i++) {
            feed(parser, body, i, i + 1);
        }
        assertTrue(parser.isComplete());
        assertEquals(CONTENT, collector.parts.get("file").toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyWithoutItsClosingBoundaryIsNotComplete() {
        byte[] body = body();
        MultipartStreamParser parser = new MultipartStreamParser(EmulatorHttp.BOUNDARY, new Collector(), 1024);
        feed(parser, body, 0, body.length - 4);
        assertFalse(parser.isComplete());
    }

    @Test
    void rejectsGarbageAfterABoundary() {
        byte[] body = ("--" + EmulatorHttp.BOUNDARY + "X\r\n").getBytes(StandardCharsets.US_ASCII);
        MultipartStreamParser parser = new MultipartStreamParser(EmulatorHttp.BOUNDARY, new Collector(), 1024);
        assertThrows(MultipartStreamParser.MalformedMultipartException.class, () -> feed(parser, body, 0, body.length));
    }

    @Test
    void rejectsPartHeadersLongerThanTheLimit() {
        byte[] body = ("--" + EmulatorHttp.BOUNDARY + "\r\nX-Long: " + "a".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        MultipartStreamParser parser = new MultipartStreamParser(EmulatorHttp.BOUNDARY, new Collector(), 64);
        assertThrows(MultipartStreamParser.MalformedMultipartException.class, () -> feed(parser, body, 0, body.length));
    }

    private static void feed(MultipartStreamParser parser, byte[] body, int from, int to) {
        ByteBuf chunk = Unpooled.wrappedBuffer(body, from, to - from);
        try {
            parser.feed(chunk);
        } finally {
            chunk.release();
        }
    }
}
