package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelOption;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Documents the upstream behaviour {@link InboundReadAhead} works around (reactor-netty 1.3.7 on Netty 4.2.17,
 * NIO): a request body read with bounded demand, whose client closes the connection while reactor-netty holds
 * queued contents with auto-read on, is never released and never terminates.
 *
 * <p>{@code channelInactive} → {@code HttpServerOperations.onInboundClose} → {@code FluxReceive.onInboundError}
 * → {@code drainReceiver} → {@code setAutoRead(false)} (FluxReceive.java:347-350) on a channel Netty has already
 * deregistered → {@code AbstractNioUnsafe.removeReadOp} throws (AssertionError under {@code -ea}, NPE without:
 * netty/netty#17103). The throw leaves {@code FluxReceive.wip} non-zero, so neither {@code request} nor
 * {@code cancel} ever drains or cleans the queue again. If this test starts failing after a dependency upgrade,
 * the upstream bug is fixed.
 *
 * <p>The server runs on a private allocator without leak tracking: this test counts the stranded buffers itself
 * (and frees them), so the suite's global leak check keeps guarding the emulator's own server.
 */
class ReactorNettyInboundQueueLeakTest {

    /** Records every buffer it hands out, so the test can see which ones are never released. */
    static final class RecordingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new CopyOnWriteArrayList<>();

        RecordingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            // heap memory all the same: nothing to free outside the GC, whatever this test finds stranded
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @Test
    void queuedContentOfABodyWhoseClientVanishedIsNeverReleased() throws Exception {
        RecordingAllocator allocator = new RecordingAllocator();
        AtomicReference<BaseSubscriber<ByteBuf>> receiver = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        AtomicReference<Object> terminal = new AtomicReference<>();
        CountDownLatch firstChunk = new CountDownLatch(1);
        CountDownLatch channelClosed = new CountDownLatch(1);
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .childOption(ChannelOption.ALLOCATOR, allocator)
                .handle((request, response) -> {
                    request.withConnection(c -> c.onDispose(channelClosed::countDown));
                    // a slow consumer: one chunk, then (as if busy writing it) nothing more for now
                    BaseSubscriber<ByteBuf> slow = new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(Subscription subscription) {
                            request(1);
                        }

                        @Override
                        protected void hookOnNext(ByteBuf value) {
                            received.incrementAndGet();
                            firstChunk.countDown();
                        }

                        @Override
                        protected void hookOnComplete() {
                            terminal.set("complete");
                        }

                        @Override
                        protected void hookOnError(Throwable throwable) {
                            terminal.set(throwable);
                        }
                    };
                    receiver.set(slow);
                    request.receive().subscribe(slow);
                    return Mono.never();
                })
                .bindNow();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(firstChunk.await(5, TimeUnit.SECONDS), "the first chunk reaches the receiver");
            // four chunks in one read: the first is queued and turns auto-read off, the others queue behind it
            out.write("1\r\nb\r\n1\r\nc\r\n1\r\nd\r\n1\r\ne\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
        }
        // the client is gone (FIN waiting in the socket); the consumer is done with its chunk and asks for one
        // more: FluxReceive delivers it and, 3 still queued (< 32), turns auto-read back on, reads the EOF
        Thread.sleep(300);
        receiver.get().request(1);
        assertTrue(channelClosed.await(5, TimeUnit.SECONDS), "the server notices the close");
        Thread.sleep(300);
        int afterClose = received.get();
        // a healthy inbound now delivers the queued rest and then fails with the abort
        receiver.get().request(Long.MAX_VALUE);
        Thread.sleep(500);
        try {
            assertEquals(afterClose, received.get(), "nothing more is ever delivered");
            assertEquals(null, terminal.get(), "the receiver never terminates");
            receiver.get().dispose();
            Thread.sleep(300);
            long stranded = allocator.allocated.stream().filter(b -> b.refCnt() > 0).count();
            assertFalse(stranded == 0, "cancelling does not release the queued contents either");
        } finally {
            for (ByteBuf buf : allocator.allocated) {
                if (buf.refCnt() > 0) {
                    buf.release(buf.refCnt());
                }
            }
            server.disposeNow();
        }
    }
}
