package io.batchflux.spec;

import io.batchflux.jsonl.AsciiWhitespace;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Chooses JSONL when the first non-whitespace byte is <code>{</code>, the spec format otherwise. Until that byte
 * arrives, each whitespace-only chunk is fed to both a JSONL and a spec parser started at the beginning of the
 * input; the one chosen carries on from where that left it, the other is dropped. So positions, line numbers and
 * size limits (a whitespace line too long for JSONL, leading whitespace counted in a spec's first request) come
 * out the same however the input was chunked, and neither parser keeps more than its own bound of the whitespace.
 */
final class AutoDetectingChunkParser<T> implements ChunkParser<T> {
    private final SpecOptions options;
    private final RequestOutput<T> output;
    private @Nullable ChunkParser<T> chosen;
    /** Both set while only whitespace has arrived, null otherwise. */
    private @Nullable Candidate<T> jsonl;
    private @Nullable Candidate<T> spec;

    AutoDetectingChunkParser(SpecOptions options, RequestOutput<T> output) {
        this.options = options;
        this.output = output;
    }

    @Override
    public ItemsThenError<T> feed(ByteBuf chunk) {
        ChunkParser<T> parser = chosen;
        if (parser != null) {
            return parser.feed(chunk);
        }
        int first = chunk.forEachByte(b -> AsciiWhitespace.is(b));
        if (first < 0) {
            if (jsonl == null || spec == null) {
                jsonl = new Candidate<>(newJsonl());
                spec = new Candidate<>(newSpec());
            }
            jsonl.feedWhitespace(chunk.retainedDuplicate());
            spec.feedWhitespace(chunk);
            return ItemsThenError.of(List.of());
        }
        boolean isJsonl = chunk.getByte(first) == '{';
        Candidate<T> candidate = isJsonl ? jsonl : spec;
        jsonl = null;
        spec = null;
        if (candidate == null) {
            chosen = isJsonl ? newJsonl() : newSpec();
            return chosen.feed(chunk);
        }
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

    private ChunkParser<T> newJsonl() {
        return new JsonlChunkParser<>(options, output);
    }

    private ChunkParser<T> newSpec() {
        return new SpecChunkParser<>(options, output);
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
         * it: the only outcome expected is an error (a line or request over the size limit), kept for later.
         */
        void feedWhitespace(ByteBuf chunk) {
            if (error != null) {
                chunk.release();
                return;
            }
            ItemsThenError<T> result = parser.feed(chunk);
            if (!result.items().isEmpty()) {
                result.items().forEach(ReferenceCountUtil::release); // encoded lines are buffers
                error = new IllegalStateException("leading whitespace produced " + result.items().size()
                        + " request(s): a bug in the format detection");
                return;
            }
            error = result.error();
        }
    }
}
