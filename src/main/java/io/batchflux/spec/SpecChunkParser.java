package io.batchflux.spec;

import io.batchflux.RequestSpecException;
import io.batchflux.jsonl.ChatMessages;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;

/**
 * The request spec format: {@link DelimiterScanner} cuts pieces, {@link SpecRequestBuilder} checks their
 * messages, the {@link RequestOutput} makes requests or lines of them.
 */
final class SpecChunkParser<T> implements ChunkParser<T> {
    private final DelimiterScanner scanner;
    private final SpecRequestBuilder builder;
    private final RequestOutput<T> output;
    private final ChatMessages messages = new ChatMessages();
    private final String endpoint;

    /** A parser of an input from its first byte. */
    SpecChunkParser(SpecOptions options, RequestOutput<T> output) {
        this.scanner = new DelimiterScanner(options.maxRequestBytes());
        this.builder = new SpecRequestBuilder(options.model(), options.endpoint());
        this.output = output;
        this.endpoint = options.endpoint();
    }

    @Override
    public ItemsThenError<T> feed(ByteBuf chunk) {
        return build(scanner.feed(chunk));
    }

    @Override
    public ItemsThenError<T> finish() {
        return build(scanner.finish());
    }

    private ItemsThenError<T> build(ItemsThenError<SpecPiece> pieces) {
        for (SpecPiece piece : pieces.items()) {
            try {
                if (builder.parse(piece, messages)) {
                    requireChatEndpoint(piece);
                    output.chat(SpecRequestBuilder.customId(piece.position()), messages);
                }
            } catch (RuntimeException e) {
                return ItemsThenError.of(output.take(), e);
            } finally {
                messages.clear(); // let go of the piece's bytes
            }
        }
        return ItemsThenError.of(output.take(), pieces.error());
    }

    /**
     * A spec's messages make chat completion bodies: sent to another endpoint ({@code /v1/embeddings},
     * {@code /v1/responses}) every request would fail on the server, after the upload. Azure's endpoint is
     * {@code /chat/completions}.
     */
    private void requireChatEndpoint(SpecPiece piece) {
        if (!endpoint.endsWith("/chat/completions")) {
            throw RequestSpecException.inSpec(piece.position(), 0, piece.line(), piece.byteOffset(), "the request spec"
                    + " format makes chat completion requests (messages), not requests for the endpoint " + endpoint
                    + "; give native batch JSONL for it");
        }
    }
}
