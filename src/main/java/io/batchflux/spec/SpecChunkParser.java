package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The request spec format: {@link DelimiterScanner} cuts pieces, {@link SpecRequestBuilder} builds requests. */
final class SpecChunkParser implements ChunkParser {
    private final DelimiterScanner scanner;
    private final SpecRequestBuilder builder;

    SpecChunkParser(SpecOptions options, long firstByteOffset, long firstLine) {
        this.scanner = new DelimiterScanner(options.maxRequestBytes(), firstByteOffset, firstLine);
        this.builder = new SpecRequestBuilder(options.model(), options.endpoint());
    }

    @Override
    public ItemsThenError<BatchRequest> feed(ByteBuf chunk) {
        return build(scanner.feed(chunk));
    }

    @Override
    public ItemsThenError<BatchRequest> finish() {
        return build(scanner.finish());
    }

    private ItemsThenError<BatchRequest> build(ItemsThenError<SpecPiece> pieces) {
        List<BatchRequest> requests = new ArrayList<>(pieces.items().size());
        for (SpecPiece piece : pieces.items()) {
            try {
                BatchRequest request = builder.build(piece);
                if (request != null) {
                    requests.add(request);
                }
            } catch (RuntimeException e) {
                return ItemsThenError.of(requests, e);
            }
        }
        return ItemsThenError.of(requests, pieces.error());
    }
}
