package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.BatchfluxException;
import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;

/**
 * Parses request specs ({@code role: text || role: text /// role: text}) and, auto-detected, native batch JSONL
 * into {@link BatchRequest}s. Spec requests get {@code custom_id}s {@code 001}, {@code 002}, ... from their
 * position (blank requests are skipped but keep their number), method {@code POST}, the configured endpoint as
 * url, and the body {@code {"model": <model>, "messages": [{"role", "content"}, ...]}}. A UTF-8 byte order mark
 * at the start of the input is skipped (byte offsets still count it); a UTF-16 or UTF-32 input is refused as such.
 *
 * <p>Every {@code parse} returns a cold flux that reads the input incrementally, emits requests lazily with
 * backpressure (one input chunk is requested at a time, only when the requests already cut are consumed) and holds
 * only the current request (at most {@link SpecOptions#maxRequestBytes()} bytes). It completes at the end of the
 * input, and errors with {@link RequestSpecException} (naming request, message, line and byte offset) at the first
 * invalid request, after emitting the requests before it; an input with no requests completes empty.
 *
 * <pre>{@code
 * RequestSpecParser parser = RequestSpecParser.create(SpecOptions.defaults());
 * Flux<BatchRequest> requests = parser.parse("system: be brief || user: hi /// user: bye");
 * }</pre>
 */
public final class RequestSpecParser {
    /** File reads go in 256 KiB chunks: fewer trips through the pipeline; one chunk is read ahead at most. */
    static final int FILE_CHUNK_BYTES = 256 * 1024;

    private final SpecOptions options;

    private RequestSpecParser(SpecOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A parser using {@code options}. */
    public static RequestSpecParser create(SpecOptions options) {
        return new RequestSpecParser(options);
    }

    /** The options this parser uses. */
    public SpecOptions options() {
        return options;
    }

    /** The requests of an inline spec (or JSONL text). */
    public Flux<BatchRequest> parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        return new ParsedRequests(this,
                Flux.defer(() -> Flux.just(Unpooled.wrappedBuffer(spec.getBytes(StandardCharsets.UTF_8)))), true);
    }

    /**
     * The requests of the file at {@code path}, read in 256 KiB chunks on {@link Schedulers#boundedElastic()}; the
     * file is opened on subscription and closed on completion, error or cancel. A file that cannot be read errors
     * with a {@link BatchfluxException} naming it.
     */
    public Flux<BatchRequest> parse(Path path) {
        Objects.requireNonNull(path, "path");
        Flux<ByteBuf> chunks = ByteBufFlux.fromPath(path, FILE_CHUNK_BYTES)
                // FileChannel reads block: keep them off the caller's (possibly event-loop) thread.
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(IOException.class, e -> new BatchfluxException(describe(path, e), e));
        return new ParsedRequests(this, chunks, true); // each subscription opens the file again
    }

    /**
     * The requests of {@code source}, whose buffers this parser takes over: each is released exactly once, also on
     * cancel and error. Given unchanged to the encoder, the flux writes its JSONL without building the requests.
     */
    public Flux<BatchRequest> parse(Flux<ByteBuf> source) {
        Objects.requireNonNull(source, "source");
        return new ParsedRequests(this, source, false);
    }

    /**
     * The output {@code outputs} makes of the requests of {@code source}; one output per subscription, released
     * when the subscription ends. The chunks go through {@link ItemsThenError#flatten}, safe against a cancel
     * from another thread (an upload refused by the server is cancelled from the event loop).
     */
    <T> Flux<T> parse(Flux<ByteBuf> source, Supplier<RequestOutput<T>> outputs) {
        return Flux.defer(() -> {
            RequestOutput<T> output = outputs.get();
            ChunkParser<T> parser = newChunkParser(output);
            return ItemsThenError.flatten(source, parser::feed, () -> finish(parser, output))
                    .doFinally(signal -> output.release());
        });
    }

    private static <T> ItemsThenError<T> finish(ChunkParser<T> parser, RequestOutput<T> output) {
        ItemsThenError<T> last = parser.finish();
        if (last.error() != null) {
            return last;
        }
        List<T> end;
        try {
            end = output.finish();
        } catch (RuntimeException e) {
            return ItemsThenError.of(last.items(), e);
        }
        if (last.items().isEmpty()) {
            return ItemsThenError.of(end);
        }
        List<T> all = new ArrayList<>(last.items());
        all.addAll(end);
        return ItemsThenError.of(all);
    }

    private <T> ChunkParser<T> newChunkParser(RequestOutput<T> output) {
        ChunkParser<T> parser = switch (options.format()) {
            case AUTO -> new AutoDetectingChunkParser<>(options, output);
            case SPEC -> new SpecChunkParser<>(options, output);
            case JSONL -> new JsonlChunkParser<>(options, output);
        };
        return new ByteOrderMarkCheck<>(parser, options.format() == SpecFormat.JSONL);
    }

    private static String describe(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "request file not found: " + path;
        }
        return "cannot read request file " + path + ": " + e;
    }
}
