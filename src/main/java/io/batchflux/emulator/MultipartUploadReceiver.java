package io.batchflux.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Receives a {@code POST /files} body: parses the multipart stream chunk by chunk and writes the {@code file}
 * part to a temporary file as it arrives, one chunk at a time, so neither memory nor the event loop carries the
 * upload. Only a body that reaches its closing boundary becomes a {@link StoredFile}; any other end deletes the
 * temporary file.
 */
final class MultipartUploadReceiver {

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** How many copied bytes may wait for the disk before the connection's reads pause: a few chunks. */
    static final long READ_AHEAD_BYTES = 256 * 1024;

    private final FileStore store;
    private final Scheduler io;
    private final long maxFileBytes;
    private final EmulatorCounters counters;
    private final Duration idleTimeout;

    MultipartUploadReceiver(FileStore store, Scheduler io, long maxFileBytes, Duration idleTimeout,
            EmulatorCounters counters) {
        this.idleTimeout = idleTimeout;
        this.store = store;
        this.io = io;
        this.maxFileBytes = maxFileBytes;
        this.counters = counters;
    }

    /**
     * Stores the file part of {@code body}. Emits the stored file; errors with an {@link OpenAiError} when the
     * form is invalid (after draining the body, so the client reads the answer), or with the transport's error
     * when the body breaks off (then nothing is stored and the upload counts as aborted).
     *
     * @param body the request body; its buffers are owned by the caller and valid only during {@code onNext}
     * @param channel the connection's channel, whose reads are paused while the read-ahead is full
     */
    Mono<StoredFile> receive(@Nullable String contentType, Flux<ByteBuf> body, Channel channel) {
        String boundary = boundaryOf(contentType);
        return Mono.defer(() -> {
            UploadInProgress upload = new UploadInProgress(boundary, MAX_HEADER_BYTES, maxFileBytes, store, counters);
            // copied on the event loop as it arrives, a bounded read-ahead paced by pausing the channel's reads:
            // never a reactor-netty inbound queue, which leaks when the client vanishes (see InboundReadAhead)
            return InboundReadAhead.of(body, channel, READ_AHEAD_BYTES)
                    // no progress for this long (client silent, or gone while reads were paused, which
                    // reactor-netty cannot notice): the body is abandoned
                    .timeout(idleTimeout)
                    // prefetch 1: one chunk written at a time; the read-ahead above bounds what waits
                    .concatMapDelayError(bytes -> Mono.<Void>fromRunnable(
                            () -> upload.feed(Unpooled.wrappedBuffer(bytes))).subscribeOn(io), false, 1)
                    .then(Mono.fromCallable(upload::finish).subscribeOn(io))
                    .onErrorResume(e -> !(e instanceof OpenAiError),
                            e -> Mono.fromRunnable(upload::abort).subscribeOn(io).then(Mono.error(e)))
                    .doOnCancel(() -> io.schedule(upload::abort));
        });
    }

    static String boundaryOf(@Nullable String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw OpenAiError.invalid(null, "Expected a multipart/form-data body for file uploads, got Content-Type: "
                    + contentType + ".");
        }
        String boundary = PartHeaders.parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || boundary.indexOf('\r') >= 0) {
            throw OpenAiError.invalid(null, "The multipart/form-data Content-Type needs a boundary of 1 to 70 characters.");
        }
        return boundary;
    }
}
