package io.batchflux.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.BatchRequest;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecFormat;
import io.batchflux.spec.SpecOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;

class JsonlEncoderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** An allocator that remembers every buffer it hands out, so tests can check they were all released. */
    static final class TrackingAllocator extends PooledByteBufAllocator {
        final List<ByteBuf> allocated = new CopyOnWriteArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        public ByteBuf buffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = super.buffer(initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        void assertAllReleased() {
            allocated.forEach(buf -> assertEquals(0, buf.refCnt(), "leaked buffer"));
        }
    }

    static BatchRequest request(int i) {
        ObjectNode body = JsonlMapper.mapper().createObjectNode();
        body.put("model", "gpt-4o-mini");
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", "héllo 👋 number " + i + " " + "x".repeat(i % 300));
        return BatchRequest.post(String.format("r%05d", i), "/v1/chat/completions", body);
    }

    static Flux<BatchRequest> requests(int count) {
        return Flux.range(0, count).map(JsonlEncoderTest::request);
    }

    @Test
    void outputParsesBackToTheSameRequestsInBoundedChunks() {
        TrackingAllocator allocator = new TrackingAllocator();
        AtomicReference<EncodedTotals> totals = new AtomicReference<>();
        List<Integer> sizes = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        JsonlEncoder.create(allocator).withChunkBytes(8 * 1024).encode(requests(500), totals::set)
                .doOnNext(buf -> {
                    sizes.add(buf.readableBytes());
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    all.writeBytes(bytes);
                    buf.release();
                })
                .blockLast(TIMEOUT);
        assertTrue(sizes.size() > 10);
        sizes.subList(0, sizes.size() - 1).forEach(size -> assertEquals(8 * 1024, size));
        assertTrue(sizes.get(sizes.size() - 1) <= 8 * 1024);
        assertEquals(new EncodedTotals(500, all.size()), totals.get());

        List<BatchRequest> decoded = RequestSpecParser.create(SpecOptions.defaults().withFormat(SpecFormat.JSONL))
                .parse(Flux.just(io.netty.buffer.Unpooled.wrappedBuffer(all.toByteArray())))
                .collectList().block(TIMEOUT);
        assertEquals(requests(500).collectList().block(TIMEOUT), decoded);
        allocator.assertAllReleased();
    }

    @Test
    void emitsOneChunkPerDemandAndReleasesUnsentBuffersOnCancel() {
        TrackingAllocator allocator = new TrackingAllocator();
        List<ByteBuf> received = new ArrayList<>();
        StepVerifier.create(JsonlEncoder.create(allocator).withChunkBytes(8 * 1024).encode(requests(10_000)), 2)
                .recordWith(() -> received)
                .expectNextCount(2)
                .thenCancel()
                .verify(TIMEOUT);
        assertEquals(2, received.size());
        received.forEach(ByteBuf::release);
        assertTrue(allocator.allocated.size() < 100, "allocated " + allocator.allocated.size());
        allocator.assertAllReleased();
    }

    @Test
    void tooManyRequestsErrorsNamingLimitCountAndCustomId() {
        TrackingAllocator allocator = new TrackingAllocator();
        StepVerifier.create(JsonlEncoder.create(allocator).withLimits(EncodeLimits.OPENAI.withMaxRequests(3))
                        .encode(requests(5)))
                .expectErrorSatisfies(e -> {
                    EncodeLimitException limit = (EncodeLimitException) e;
                    assertEquals("maxRequests", limit.limit());
                    assertEquals(4, limit.reached());
                    assertEquals("r00003", limit.customId());
                    assertTrue(e.getMessage().contains("maxRequests 3 exceeded (4)"), e.getMessage());
                })
                .verify(TIMEOUT);
        allocator.assertAllReleased();
    }

    @Test
    void aFirstRequestOverTheByteLimitIsTooLargeForAnyBatchNotForThisOne() {
        TrackingAllocator allocator = new TrackingAllocator();
        StepVerifier.create(JsonlEncoder.create(allocator).withLimits(EncodeLimits.OPENAI.withMaxBytes(40))
                        .encode(requests(3)))
                .expectErrorSatisfies(e -> {
                    EncodeLimitException limit = (EncodeLimitException) e;
                    assertFalse(limit.fitsSeveralBatches());
                    assertEquals("r00000", limit.customId());
                    assertTrue(e.getMessage().startsWith("request r00000 alone is "), e.getMessage());
                    assertTrue(e.getMessage().endsWith("more than a batch may hold (40)"), e.getMessage());
                })
                .verify(TIMEOUT);
        allocator.assertAllReleased();
    }

    @Test
    void tooManyBytesErrorsAfterEmittingEarlierChunksAndLeaksNothing() {
        TrackingAllocator allocator = new TrackingAllocator();
        List<ByteBuf> received = new ArrayList<>();
        StepVerifier.create(JsonlEncoder.create(allocator).withChunkBytes(8 * 1024)
                        .withLimits(EncodeLimits.OPENAI.withMaxBytes(50_000)).encode(requests(1000)))
                .recordWith(() -> received)
                .thenConsumeWhile(buf -> true)
                .expectErrorSatisfies(e -> {
                    EncodeLimitException limit = (EncodeLimitException) e;
                    assertEquals("maxBytes", limit.limit());
                    assertTrue(limit.reached() > 50_000);
                    assertTrue(e.getMessage().contains("custom_id \"" + limit.customId() + "\""));
                })
                .verify(TIMEOUT);
        assertEquals(6, received.size());
        received.forEach(ByteBuf::release);
        allocator.assertAllReleased();
    }

    @Test
    void inputErrorReleasesThePartialBuffer() {
        TrackingAllocator allocator = new TrackingAllocator();
        StepVerifier.create(JsonlEncoder.create(allocator)
                        .encode(requests(3).concatWith(Flux.error(new IllegalStateException("boom")))))
                .expectErrorMessage("boom")
                .verify(TIMEOUT);
        assertEquals(1, allocator.allocated.size());
        allocator.assertAllReleased();
    }

    @Test
    void chunkSizeOutsideEightToSixtyFourKibIsRejected() {
        JsonlEncoder encoder = JsonlEncoder.create(new TrackingAllocator());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> encoder.withChunkBytes(4096));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> encoder.withChunkBytes(128 * 1024));
    }
}
