package io.batchflux.spec;

import io.batchflux.jsonl.AsciiWhitespace;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Chooses JSONL when the first non-whitespace byte is <code>{</code>, the spec format otherwise. Until that byte
 * arrives, each whitespace-only chunk is fed to both a JSONL and a spec parser started at the beginning of the
 * input; the one chosen carries on from where that left it. So positions, line numbers and size limits (a
 * whitespace line too long for JSONL, leading whitespace counted in a spec's first request) come out the same
 * however the input was chunked, and neither parser keeps more than its own bound of the whitespace.
 */
final class AutoDetectingChunkParser<T> implements ChunkParser<T> {
    private @Nullable ChunkParser<T> chosen;
    private final Candidate<T> jsonl;
    private final Candidate<T> spec;

    AutoDetectingChunkParser(SpecOptions options, RequestOutput<T> output) {
        this.jsonl = new Candidate<>(new JsonlChunkParser<>(options, 0, 1, output));
        this.spec = new Candidate<>(new SpecChunkParser<>(options, 0, 1, output));
    }

    @Override
    public ItemsThenError<T> feed(ByteBuf chunk) {
        ChunkParser<T> parser = chosen;
        if (parser != null) {
            return parser.feed(chunk);
        }
        int first = chunk.forEachByte(b -> AsciiWhitespace.is(b));
        if (first < 0) {
            jsonl.feedWhitespace(chunk.retainedDuplicate());
            spec.feedWhitespace(chunk);
            return ItemsThenError.of(List.of());
        }
        Candidate<T> candidate = chunk.getByte(first) == '{' ? jsonl : spec;
        chosen = candidate.parser;
        if (candidate.error != null) {
            chunk.release();
            return ItemsThenError.of(List.of(), candidate.error);
        }
        return candidate.parser.feed(chunk);
    }

    @Override
    public ItemsThenError<T> finish() {
        // Only whitespace (or nothing): no requests in either format, and nothing to complain about.
        return chosen != null ? chosen.finish() : ItemsThenError.of(List.of());
    }

    /** A parser that may yet be chosen, and the first error the leading whitespace gave it. */
    private static final class Candidate<T> {
        final ChunkParser<T> parser;
        @Nullable RuntimeException error;

        Candidate(ChunkParser<T> parser) {
            this.parser = parser;
        }

        /**
         * Whitespace holds no {@code /} and makes only blank lines, so neither parser completes a request from
         * it: the only possible outcome is an error (a line or request over the size limit), kept for later.
         */
        void feedWhitespace(ByteBuf chunk) {
            if (error != null) {
                chunk.release();
                return;
            }
            error = parser.feed(chunk).error();
        }
    }
}
