package io.batchflux.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A request body as copied {@code byte[]} chunks, with a bounded read-ahead that is enforced by pausing the
 * channel's reads rather than by withholding demand from reactor-netty.
 *
 * <p><b>Why not plain backpressure on {@code request.receive()}.</b> With a bounded demand, reactor-netty's
 * {@code FluxReceive} queues what it reads ahead (up to 32 messages with auto-read still on,
 * {@code FluxReceive.java:340}, 1.3.7). When the peer then goes away, {@code channelInactive} runs
 * {@code HttpServerOperations.onInboundClose} (:959) → {@code FluxReceive.onInboundError} (:472) →
 * {@code drainReceiver}, which with zero demand and a non-empty queue turns auto-read off (:347-350). On Netty
 * 4.2.17's NIO transport the channel is already deregistered at that point ({@code doDeregister} nulls
 * {@code registration}, {@code isRegistered()} is still true), so {@code setAutoRead(false)} →
 * {@code clearReadPending0} → {@code AbstractNioUnsafe.removeReadOp} throws (AssertionError with {@code -ea},
 * NullPointerException without; netty/netty#17103, fixed upstream by netty/netty#17104). The throw leaves
 * {@code FluxReceive.wip} stuck at 1 (:232 increments, the throw skips every decrement), so every later
 * {@code drainReceiver} — from {@code request}, {@code cancel} or {@code dispose} — returns at once and the
 * queued {@code HttpContent}s are never released: a leak. {@code onInboundClose} also never reaches
 * {@code terminate()} (:961), and the receiver gets neither error nor completion.
 * See {@code ReactorNettyInboundQueueLeakTest} for a reproduction against a plain {@code HttpServer}.
 *
 * <p><b>What this does instead.</b> It subscribes with unbounded demand, which puts {@code FluxReceive} on its
 * fast path: each message goes straight to {@code onNext} and is released right after it (:371-387), there is
 * no inbound queue and {@code drainReceiver} never touches auto-read again (:323-336). Each buffer is copied to
 * a {@code byte[]} on the event loop; the copies wait in a buffer for the (slow, off-loop) consumer, and when
 * they reach {@code highWaterBytes} the channel's auto-read is switched off from {@code onNext} (on the event
 * loop, channel active), and back on once the consumer has taken them below the mark. Memory therefore stays
 * bounded by {@code highWaterBytes} plus what one socket read decodes into. Auto-read is never touched while
 * the channel is inactive.
 */
final class InboundReadAhead implements CoreSubscriber<ByteBuf> {

    private final Channel channel;
    private final long highWaterBytes;
    private final Sinks.Many<byte[]> chunks = Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicLong buffered = new AtomicLong();
    /** Written on the event loop only. */
    private volatile boolean paused;
    private volatile boolean done;
    private volatile Subscription upstream;

    private InboundReadAhead(Channel channel, long highWaterBytes) {
        this.channel = channel;
        this.highWaterBytes = highWaterBytes;
    }

    /**
     * The body's bytes, copied; cancelling the result cancels the body (and resumes reads, so the codec and
     * reactor-netty discard the rest and notice a close).
     */
    static Flux<byte[]> of(Flux<ByteBuf> body, Channel channel, long highWaterBytes) {
        InboundReadAhead readAhead = new InboundReadAhead(channel, highWaterBytes);
        return readAhead.chunks.asFlux()
                .doOnNext(bytes -> readAhead.taken(bytes.length))
                .doOnCancel(readAhead::cancel)
                .doOnSubscribe(s -> body.subscribe(readAhead));
    }

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        // unbounded: FluxReceive's fast path, no inbound queue inside reactor-netty
        s.request(Long.MAX_VALUE);
    }

    /** On the event loop; the buffer is released by reactor-netty as soon as this returns. */
    @Override
    public void onNext(ByteBuf buf) {
        if (done) {
            return;
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        buffered.addAndGet(bytes.length);
        if (chunks.tryEmitNext(bytes).isFailure()) {
            // the consumer is gone (cancelled): drop
            buffered.addAndGet(-bytes.length);
            return;
        }
        adjustReads();
    }

    @Override
    public void onError(Throwable t) {
        done = true;
        chunks.tryEmitError(t);
    }

    @Override
    public void onComplete() {
        done = true;
        chunks.tryEmitComplete();
    }

    /** Any thread: the consumer took a chunk out of the buffer. */
    private void taken(int length) {
        // paused is written after buffered is read on the loop, and re-checked there (adjustReads): with both
        // volatile, one of the two sides always sees the other's write, so reads cannot stay paused over an
        // empty buffer
        if (buffered.addAndGet(-length) < highWaterBytes && paused) {
            channel.eventLoop().execute(this::adjustReads);
        }
    }

    /** Any thread: the consumer is gone. */
    private void cancel() {
        done = true;
        Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        buffered.set(0);
        channel.eventLoop().execute(this::adjustReads);
    }

    /** Event loop only: reads on while the buffer is below the mark, off above it; never on an inactive channel. */
    private void adjustReads() {
        for (;;) {
            boolean pause = !done && buffered.get() >= highWaterBytes;
            if (pause == paused || !channel.isActive()) {
                return;
            }
            paused = pause;
            channel.config().setAutoRead(!pause);
        }
    }
}
