package io.batchflux.http;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;

/**
 * Turns the cancellation of an exchange into the closing of its connection and an error of its request body.
 * reactor-netty 1.3, when the answer's subscriber cancels while the body is still being sent, goes on pulling and
 * sending the body (tens of MB were seen) before closing; closing the connection and failing the body instead
 * abort the request at once, and the server discards the incomplete upload. One instance per attempt.
 */
final class BodyAbort {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<@Nullable Connection> connection = new AtomicReference<>();

    /** Remembers the attempt's connection, to close it on cancel. */
    void connected(Connection c) {
        connection.set(c);
        if (cancelled.get()) {
            c.dispose();
        }
    }

    /** Called when the exchange is cancelled: errors the body and closes the connection, releasing what it holds. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            Connection c = connection.get();
            if (c != null) {
                c.dispose();
            }
        }
    }

    /**
     * {@code body}, failing with a {@link CancellationException} at its next buffer once {@link #cancel()} was
     * called; that buffer is released. The check runs on the thread that emits, so no buffer can slip past a cut
     * made from another thread (a {@code takeUntilOther} here dropped such buffers unreleased). A body idle at the
     * moment of the cancel is stopped by the connection's closing instead.
     */
    Flux<ByteBuf> guard(Flux<ByteBuf> body, String call) {
        return body.handle((buf, sink) -> {
            if (cancelled.get()) {
                buf.release();
                sink.error(new CancellationException(call + " was cancelled while sending its body"));
            } else {
                sink.next(buf);
            }
        });
    }
}
