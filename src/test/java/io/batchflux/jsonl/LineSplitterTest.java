package io.batchflux.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class LineSplitterTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static Flux<ByteBuf> chunks(String... parts) {
        return Flux.fromArray(parts).map(p -> Unpooled.copiedBuffer(p, StandardCharsets.UTF_8));
    }

    static List<String> texts(Flux<Line> lines) {
        return lines.map(Line::text).collectList().block(TIMEOUT);
    }

    @Test
    void crlfAndFinalLineWithoutNewlineAreHandled() {
        List<Line> lines = LineSplitter.split(chunks("a\r\nbb\ncc"), 100).collectList().block(TIMEOUT);
        assertEquals(List.of("a", "bb", "cc"), lines.stream().map(Line::text).toList());
        assertEquals(List.of(1L, 2L, 3L), lines.stream().map(Line::number).toList());
        assertEquals(List.of(0L, 3L, 6L), lines.stream().map(Line::byteOffset).toList());
    }

    @Test
    void emptyLinesAreEmittedAndTrailingNewlineAddsNothing() {
        assertEquals(List.of("", "a", "", ""), texts(LineSplitter.split(chunks("\na\n\r\n\n"), 100)));
        assertEquals(List.of(), texts(LineSplitter.split(chunks(""), 100)));
        assertEquals(List.of(), texts(LineSplitter.split(Flux.empty(), 100)));
    }

    @Test
    void linesSplitAcrossChunksAtEveryPositionAreReassembled() {
        String text = "first line\r\nsécond 👋\n\nthird\r\nlast";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Line> expected = LineSplitter.split(Flux.just(Unpooled.wrappedBuffer(bytes)), 100)
                .collectList().block(TIMEOUT);
        assertEquals(5, expected.size());
        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                Flux<ByteBuf> source = Flux.just(Arrays.copyOfRange(bytes, 0, i), Arrays.copyOfRange(bytes, i, j),
                        Arrays.copyOfRange(bytes, j, bytes.length)).map(Unpooled::wrappedBuffer);
                assertEquals(expected, LineSplitter.split(source, 100).collectList().block(TIMEOUT),
                        "split at " + i + "," + j);
            }
        }
    }

    @Test
    void lineLongerThanMaxLineBytesErrorsNamingLineAndOffsetAfterEarlierLines() {
        StepVerifier.create(LineSplitter.split(chunks("ok\nabc", "defgh\nnext\n"), 5))
                .expectNextMatches(line -> line.text().equals("ok"))
                .expectErrorSatisfies(e -> {
                    LineTooLongException tooLong = (LineTooLongException) e;
                    assertEquals(2, tooLong.lineNumber());
                    assertEquals(3, tooLong.byteOffset());
                    assertTrue(e.getMessage().contains("line 2 (starting at byte 3)"), e.getMessage());
                })
                .verify(TIMEOUT);
    }

    @Test
    void lineOfExactlyMaxBytesWithCrlfIsAccepted() {
        assertEquals(List.of("abcde", "x"), texts(LineSplitter.split(chunks("abc", "de\r", "\nx"), 5)));
    }

    @Test
    void startPositionOffsetsNumbersAndOffsets() {
        Line line = LineSplitter.split(chunks("a\nb"), 10, 7, 100).last().block(TIMEOUT);
        assertEquals(new Line(8, 102, new byte[] {'b'}), line);
    }

    @Test
    void cancellationReleasesEveryBuffer() {
        List<ByteBuf> allocated = new CopyOnWriteArrayList<>();
        Flux<ByteBuf> source = Flux.range(0, 100).map(i -> {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
            buf.writeCharSequence("line " + i + "\nline b" + i + "\n", StandardCharsets.UTF_8);
            allocated.add(buf);
            return buf;
        });
        StepVerifier.create(LineSplitter.split(source, 100), 3)
                .expectNextCount(3)
                .thenCancel()
                .verify(TIMEOUT);
        assertTrue(allocated.size() < 10, "pulled " + allocated.size());
        allocated.forEach(buf -> assertEquals(0, buf.refCnt()));
    }

    @Test
    void errorReleasesEveryBufferIncludingUnconsumedOnes() {
        List<ByteBuf> buffers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            buffers.add(Unpooled.copiedBuffer("0123456789", StandardCharsets.UTF_8));
        }
        StepVerifier.create(LineSplitter.split(Flux.fromIterable(buffers), 12))
                .expectError(LineTooLongException.class)
                .verify(TIMEOUT);
        buffers.forEach(buf -> assertEquals(0, buf.refCnt()));
    }
}
