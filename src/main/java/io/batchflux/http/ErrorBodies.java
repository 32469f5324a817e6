package io.batchflux.http;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The first bytes of an error answer's body: enough for the JSON error object or the start of an HTML page, and
 * never the whole of a proxy's multi-megabyte error page in memory. Reading stops at the cap, so the caller must not
 * let the connection be reused ({@code markPersistent(false)}).
 */
final class ErrorBodies {
    /** More than any JSON error object; the message shown is cut far shorter anyway. */
    static final int MAX_BYTES = 64 * 1024;

    private ErrorBodies() {}

    /**
     * Up to {@link #MAX_BYTES} of {@code body}, copied out of its buffers, which this takes over and releases (pass
     * them retained: a download's discard hook releases those left queued when reading stops).
     */
    static Mono<byte[]> firstBytes(Flux<ByteBuf> body) {
        return Mono.defer(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            // each buffer becomes the count kept so far before anything drops it: a ByteBuf handed to then() would
            // be discarded, and a discard hook in the context would release it a second time
            return body.map(buf -> {
                        try {
                            int n = Math.min(buf.readableBytes(), MAX_BYTES - kept.size());
                            byte[] part = new byte[n];
                            buf.getBytes(buf.readerIndex(), part);
                            kept.write(part, 0, n);
                            return kept.size();
                        } finally {
                            buf.release();
                        }
                    })
                    .takeUntil(size -> size >= MAX_BYTES)
                    .then(Mono.fromSupplier(kept::toByteArray));
        });
    }
}
