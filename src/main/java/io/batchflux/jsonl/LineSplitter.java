package io.batchflux.jsonl;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;

/**
 * Splits a stream of bytes into lines at the Reactor level: a line split across any number of chunks is
 * reassembled, {@code \n} and {@code \r\n} both end a line, and a final line without a terminator is emitted.
 *
 * <p>Takes ownership of the incoming buffers and releases each exactly once, also on cancellation and error;
 * emitted {@link Line}s are plain byte arrays. Lazy and backpressured: one chunk is requested at a time, and only
 * when the lines of the previous one have been requested. The returned flux completes after the source does and
 * errors with the source's error, or with {@link LineTooLongException} when a line exceeds {@code maxLineBytes}
 * (after the lines before it were emitted). Each subscription starts afresh.
 *
 * <pre>{@code
 * LineSplitter.split(body, LineSplitter.DEFAULT_MAX_LINE_BYTES).map(line -> parse(line.bytes()))
 * }</pre>
 */
public final class LineSplitter {
    /** 16 MiB: larger than any request or result line seen in practice. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    private LineSplitter() {
    }

    /** Lines of {@code source}, numbered from 1 at byte offset 0. */
    public static Flux<Line> split(Flux<ByteBuf> source, int maxLineBytes) {
        return split(source, maxLineBytes, 1, 0);
    }

    /**
     * Lines of {@code source}, which starts at line {@code firstLineNumber} and byte {@code firstByteOffset} of a
     * larger stream (e.g. a download resumed with a range request).
     */
    public static Flux<Line> split(Flux<ByteBuf> source, int maxLineBytes, long firstLineNumber,
            long firstByteOffset) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        return Flux.defer(() -> {
            LineAssembler assembler = new LineAssembler(maxLineBytes, firstLineNumber, firstByteOffset);
            return ItemsThenError.flatten(source, assembler::feed, assembler::finish);
        });
    }
}
