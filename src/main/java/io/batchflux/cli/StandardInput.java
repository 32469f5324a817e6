package io.batchflux.cli;

import io.batchflux.BatchfluxException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * This process's standard input as chunks of up to 256 KiB, read from where it stands, one chunk per request, off
 * the caller's thread (reads block). Completes at its end; never closes it. Each subscription reads on from where
 * the last one stopped: standard input is read once.
 */
final class StandardInput {
    private static final int CHUNK_BYTES = 256 * 1024;
    /** Unbuffered: {@code System.in}'s buffer would only add a copy. */
    private static final InputStream IN = new FileInputStream(FileDescriptor.in);

    private StandardInput() {}

    static Flux<ByteBuf> chunks() {
        return Flux.<ByteBuf>generate(sink -> {
            ByteBuf chunk = ByteBufAllocator.DEFAULT.heapBuffer(CHUNK_BYTES);
            try {
                int read = chunk.writeBytes(IN, CHUNK_BYTES);
                if (read < 0) {
                    chunk.release();
                    sink.complete();
                } else {
                    sink.next(chunk);
                }
            } catch (IOException e) {
                chunk.release();
                sink.error(new BatchfluxException("cannot read standard input: " + e.getMessage(), e));
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
