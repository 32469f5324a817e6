package io.batchflux.results;

import io.batchflux.BatchResult;
import io.batchflux.jsonl.LineSplitter;
import io.batchflux.jsonl.LineTooLongException;
import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;

/**
 * Reads a downloaded result file as it streams: lines split at the Reactor level, each parsed on its own and
 * dropped, so memory stays constant whatever the file size. Blank lines (a trailing newline, Azure's zero-byte
 * files) yield nothing. Completes when the file ends; errors on a malformed line, naming it.
 */
public final class ResultFileReader {
    private ResultFileReader() {}

    public static Flux<BatchResult> read(Flux<ByteBuf> content, String fileId) {
        return LineSplitter.split(content, LineSplitter.DEFAULT_MAX_LINE_BYTES)
                .onErrorMap(LineTooLongException.class, e -> new ResultFormatException(fileId, e.lineNumber(),
                        e.byteOffset(), "line longer than " + e.maxLineBytes() + " bytes", e))
                .filter(line -> !line.isBlank())
                .map(line -> ResultLineParser.parse(line, fileId));
    }
}
