package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ChatLineWriter;
import io.batchflux.jsonl.EncodableRequests;
import io.batchflux.jsonl.EncodeLimits;
import io.batchflux.jsonl.EncodedLine;
import io.batchflux.jsonl.EncodedTotals;
import io.batchflux.jsonl.EncodingSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The flux {@link RequestSpecParser#parse(Flux)} returns: subscribed, it parses its source into
 * {@link BatchRequest}s; handed unchanged to the encoder, it parses the same source straight into JSONL
 * ({@link EncodableRequests}), each spec request written from its messages without a body tree.
 */
final class ParsedRequests extends Flux<BatchRequest> implements EncodableRequests {
    private final RequestSpecParser parser;
    private final Flux<ByteBuf> source;
    private final boolean replayable;

    /** {@code replayable}: each subscription to {@code source} reads the input afresh (a file, a string). */
    ParsedRequests(RequestSpecParser parser, Flux<ByteBuf> source, boolean replayable) {
        this.parser = parser;
        this.source = source;
        this.replayable = replayable;
    }

    @Override
    public boolean replayable() {
        return replayable;
    }

    @Override
    public void subscribe(CoreSubscriber<? super BatchRequest> actual) {
        SpecOptions options = parser.options();
        parser.parse(source, () -> new RequestsOutput(options.model(), options.endpoint())).subscribe(actual);
    }

    @Override
    public String endpoint() {
        return parser.options().endpoint();
    }

    @Override
    public Flux<ByteBuf> encodeJsonl(ByteBufAllocator allocator, int chunkBytes, EncodeLimits limits,
            Consumer<EncodedTotals> onTotals) {
        return parser.parse(source, () -> new JsonlBuffersOutput(new EncodingSession(allocator, chunkBytes, limits),
                chatLines(), onTotals));
    }

    @Override
    public Flux<EncodedLine> encodeLines() {
        return parser.parse(source, () -> new EncodedLinesOutput(chatLines()));
    }

    @Override
    public Mono<Long> validateAndCount(long maxLineBytes) {
        return parser.parse(source, () -> new CountingOutput(chatLines(), maxLineBytes)).single();
    }

    private ChatLineWriter chatLines() {
        return new ChatLineWriter(parser.options().endpoint(), parser.options().model());
    }
}
