package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ItemsThenError;
import io.batchflux.jsonl.JsonlLineDecoder;
import io.batchflux.jsonl.Line;
import io.batchflux.jsonl.LineAssembler;
import io.batchflux.jsonl.LineTooLongException;
import io.netty.buffer.ByteBuf;

/**
 * Native batch JSONL: {@link LineAssembler} cuts lines, {@link JsonlLineDecoder} validates them into requests,
 * the {@link RequestOutput} passes them on or encodes them.
 */
final class JsonlChunkParser<T> implements ChunkParser<T> {
    private final LineAssembler lines;
    private final JsonlLineDecoder decoder;
    private final RequestOutput<T> output;

    /** A parser of an input from its first byte. */
    JsonlChunkParser(SpecOptions options, RequestOutput<T> output) {
        this.lines = new LineAssembler(options.maxRequestBytes(), 1, 0);
        this.decoder = new JsonlLineDecoder(options.model(), options.endpoint());
        this.output = output;
    }

    @Override
    public ItemsThenError<T> feed(ByteBuf chunk) {
        return decode(lines.feed(chunk));
    }

    @Override
    public ItemsThenError<T> finish() {
        return decode(lines.finish());
    }

    private ItemsThenError<T> decode(ItemsThenError<Line> chunkLines) {
        for (Line line : chunkLines.items()) {
            try {
                BatchRequest request = decoder.decode(line);
                if (request != null) {
                    output.request(request);
                }
            } catch (RuntimeException e) {
                return ItemsThenError.of(output.take(), e);
            }
        }
        RuntimeException error = chunkLines.error();
        if (error instanceof LineTooLongException tooLong) {
            error = JsonlLineDecoder.lineTooLong(tooLong);
        }
        return ItemsThenError.of(output.take(), error);
    }
}
