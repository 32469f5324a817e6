package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.RetryPolicy;
import io.batchflux.UploadOptions;
import io.batchflux.testing.ScriptedServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A slow server slows the upload's source: the client never reads ahead of the socket without bound. The slow
 * server reads through {@link InboundReadAhead}, as the emulator does: a reactor-netty inbound queue leaks when
 * the client goes away (see {@code ReactorNettyInboundQueueLeakTest}), which this test's end does.
 */
class ClientUploadBackpressureTest {
    private static final int CHUNK = 64 * 1024;
    private static final long BODY = 1L << 30; // 1 GiB offered, far more than any buffer along the way

    @Test
    void slowServerHoldsBackTheSource() throws Exception {
        AtomicLong received = new AtomicLong();
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            io.netty.channel.Channel[] channel = new io.netty.channel.Channel[1];
            req.withConnection(c -> channel[0] = c.channel());
            return InboundReadAhead.of(req.receive(), channel[0], 256 * 1024)
                    .map(bytes -> bytes.length)
                    .doOnNext(received::addAndGet)
                    // a few MB/s: far slower than the client could produce
                    .concatMap(bytes -> Mono.delay(Duration.ofMillis(2)).thenReturn(bytes), 1)
                    .then(res.sendString(Mono.just("{}")).then());
        });
                BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("k")
                        .baseUrl(server.baseUrl()).retryPolicy(RetryPolicy.none()).build())) {
            AtomicLong generated = new AtomicLong();
            Flux<ByteBuf> source = Flux.<ByteBuf>generate(sink -> {
                        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(CHUNK);
                        buf.writeZero(CHUNK);
                        sink.next(buf);
                    })
                    .doOnNext(buf -> generated.addAndGet(buf.readableBytes()))
                    .take(BODY / CHUNK);
            Disposable upload = client.files().upload(source, UploadOptions.defaults()).subscribe(f -> { }, e -> { });
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (received.get() < 4L * 1024 * 1024 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(500);
                long ahead = generated.get() - received.get();
                System.out.println("backpressure: generated " + generated.get() + ", received " + received.get());
                assertTrue(received.get() >= 4L * 1024 * 1024, "the server received " + received.get() + " bytes");
                // what may sit between source and server: the send prefetch, Netty's outbound buffer and the
                // loopback socket buffers, a few MB each at most
                assertTrue(ahead < 48L * 1024 * 1024, "the client read " + ahead + " bytes ahead of the server");
            } finally {
                upload.dispose();
            }
        }
    }
}
