package io.batchflux.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private final FileStore store;
    private final Scheduler io;
    private final long maxFileBytes;
    private final EmulatorCounters counters;

    MultipartUploadReceiver(FileStore store, Scheduler io, long maxFileBytes, EmulatorCounters counters) {
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
     */
    Mono<StoredFile> receive(@Nullable String contentType, Flux<ByteBuf> body) {
        String boundary = boundaryOf(contentType);
        return Mono.defer(() -> {
            UploadInProgress upload = new UploadInProgress(boundary, MAX_HEADER_BYTES, maxFileBytes, store, counters);
            return body
                    // retained here, before the hop: the server releases each buffer once onNext returns
                    .doOnNext(ByteBuf::retain)
                    // prefetch 1: one chunk in flight, so a slow disk stops reads from the socket (backpressure)
                    .concatMapDelayError(buf -> feedOffLoop(upload, buf), false, 1)
                    .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease)
                    .then(Mono.fromCallable(upload::finish).subscribeOn(io))
                    .onErrorResume(e -> !(e instanceof OpenAiError),
                            e -> Mono.fromRunnable(upload::abort).subscribeOn(io).then(Mono.error(e)))
                    .doOnCancel(() -> io.schedule(upload::abort));
        });
    }

    /** Parses and writes one chunk on the I/O scheduler (file writes block), releasing it exactly once. */
    private Mono<Void> feedOffLoop(UploadInProgress upload, ByteBuf buf) {
        AtomicBoolean claimed = new AtomicBoolean();
        return Mono.<Void>fromRunnable(() -> {
                    if (claimed.compareAndSet(false, true)) {
                        try {
                            upload.feed(buf);
                        } finally {
                            buf.release();
                        }
                    }
                })
                .subscribeOn(io)
                // cancelled before the task ran: nobody else will release the chunk
                .doOnCancel(() -> {
                    if (claimed.compareAndSet(false, true)) {
                        buf.release();
                    }
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
