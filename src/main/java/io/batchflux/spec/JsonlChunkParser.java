package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ItemsThenError;
import io.batchflux.jsonl.JsonlLineDecoder;
import io.batchflux.jsonl.Line;
import io.batchflux.jsonl.LineAssembler;
import io.batchflux.jsonl.LineTooLongException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Native batch JSONL: {@link LineAssembler} cuts lines, {@link JsonlLineDecoder} validates and builds requests. */
final class JsonlChunkParser implements ChunkParser {
    private final LineAssembler lines;
    private final JsonlLineDecoder decoder;

    JsonlChunkParser(SpecOptions options, long firstByteOffset, long firstLine) {
        this.lines = new LineAssembler(options.maxRequestBytes(), firstLine, firstByteOffset);
        this.decoder = new JsonlLineDecoder(options.model(), options.endpoint());
    }

    @Override
    public ItemsThenError<BatchRequest> feed(ByteBuf chunk) {
        return decode(lines.feed(chunk));
    }

    @Override
    public ItemsThenError<BatchRequest> finish() {
        return decode(lines.finish());
    }

    private ItemsThenError<BatchRequest> decode(ItemsThenError<Line> chunkLines) {
        List<BatchRequest> requests = new ArrayList<>(chunkLines.items().size());
        for (Line line : chunkLines.items()) {
            try {
                BatchRequest request = decoder.decode(line);
                if (request != null) {
                    requests.add(request);
                }
            } catch (RuntimeException e) {
                return ItemsThenError.of(requests, e);
            }
        }
        RuntimeException error = chunkLines.error();
        if (error instanceof LineTooLongException tooLong) {
            error = JsonlLineDecoder.lineTooLong(tooLong);
        }
        return ItemsThenError.of(requests, error);
    }
}
