package io.batchflux.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * A cancel from another thread while the parser's flux emits the JSONL buffers of a chunk (an upload the server
 * refused, cancelled from the event loop) must release every buffer exactly once: the ones handed on by the
 * subscriber, the rest by the flux. 300 rounds, each cancelled after a random number of buffers.
 */
class DirectEncodingCancelTest {
    private final ExecutorService emitter = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        emitter.shutdownNow();
    }

    /**
     * The input as a file read gives it: generated, so a cancel releases what was not read, serialized with the
     * reading (Flux.fromIterable's discard on cancel races with its emission).
     */
    private static Flux<ByteBuf> generated(List<ByteBuf> chunks) {
        return Flux.generate(() -> new int[1], (next, sink) -> {
            if (next[0] < chunks.size()) {
                sink.next(chunks.get(next[0]++));
            } else {
                sink.complete();
            }
            return next;
        }, next -> chunks.subList(next[0], chunks.size()).forEach(ByteBuf::release));
    }

    @Test
    void cancelFromAnotherThreadReleasesEveryBufferOnce() throws Exception {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            spec.append("user: ").append("word ".repeat(200)).append(i).append(" /// ");
        }
        byte[] bytes = spec.toString().getBytes(StandardCharsets.UTF_8);
        RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults());
        SplittableRandom random = new SplittableRandom(11);
        // one allocator for all rounds: a pooled allocator per round keeps its arenas and ran the heap out
        JsonlEncoderTest.TrackingAllocator allocator = new JsonlEncoderTest.TrackingAllocator();
        for (int round = 0; round < 300; round++) {
            List<ByteBuf> input = new ArrayList<>();
            for (int from = 0; from < bytes.length; from += 128 * 1024) {
                int length = Math.min(128 * 1024, bytes.length - from);
                input.add(Unpooled.buffer(length).writeBytes(bytes, from, length));
            }
            Flux<ByteBuf> jsonl = ((EncodableRequests) parser.parse(generated(input)))
                    .encodeJsonl(allocator, 8 * 1024, EncodeLimits.OPENAI, totals -> { });
            AtomicInteger received = new AtomicInteger();
            BaseSubscriber<ByteBuf> subscriber = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    request(1);
                }

                @Override
                protected void hookOnNext(ByteBuf buf) {
                    buf.release();
                    received.incrementAndGet();
                    request(1);
                }
            };
            Future<?> subscribed = emitter.submit(() -> jsonl.subscribe(subscriber));
            int cancelAfter = random.nextInt(40);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.get() < cancelAfter && !subscriber.isDisposed() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            subscriber.cancel();
            subscribed.get(5, TimeUnit.SECONDS); // the emitting thread has stopped (and threw nothing)
            allocator.assertAllReleased();
            allocator.allocated.clear();
            for (ByteBuf chunk : input) {
                assertEquals(0, chunk.refCnt(), "input chunk not released in round " + round);
            }
        }
    }
}
