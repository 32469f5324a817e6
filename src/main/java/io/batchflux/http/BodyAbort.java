package io.batchflux.http;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

/**
 * Turns the cancellation of an exchange into an error of its request body and the closing of its connection.
 * reactor-netty 1.3, when the answer's subscriber cancels while the body is still being sent, goes on pulling and
 * sending the body (tens of MB were seen) before closing; an erroring body instead aborts the request at once,
 * and the server discards the incomplete upload. One instance per attempt.
 */
final class BodyAbort {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Sinks.Empty<Void> signal = Sinks.empty();
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
            signal.tryEmitEmpty();
            Connection c = connection.get();
            if (c != null) {
                c.dispose();
            }
        }
    }

    /**
     * {@code body}, cut short by {@link #cancel()} with a {@link CancellationException}. (Buffers that operators
     * upstream drop on the way are released by reactor-netty's send, which installs itself as their discard hook.)
     */
    Flux<ByteBuf> guard(Flux<ByteBuf> body, String call) {
        return body.takeUntilOther(signal.asMono())
                .concatWith(Mono.defer(() -> cancelled.get()
                        ? Mono.error(new CancellationException(call + " was cancelled while sending its body"))
                        : Mono.empty()));
    }
}
