package io.batchflux.jsonl;

import io.batchflux.BatchRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A request flux that writes its own JSONL without building each {@code BatchRequest} (the spec parser's
 * fluxes). {@link JsonlEncoder} and the shard submitter use this when they are given such a flux as it is; the
 * bytes are the same either way, only cheaper to make.
 */
public interface EncodableRequests {
    /** The {@code url} of every request. */
    String endpoint();

    /**
     * Whether every subscription reads the input afresh from its start (a file, a string), so that an upload of it
     * can be sent again; not for a stream that can be read only once.
     */
    default boolean replayable() {
        return false;
    }

    /**
     * The JSONL of the requests in pooled buffers of {@code chunkBytes}, exactly as
     * {@link JsonlEncoder#encode(Flux, Consumer)} would emit it: same limits and errors, totals before the last
     * buffers. Errors come in input order: the first invalid or over-limit request ends the flux (the generic
     * encoder, prefetching requests, may see a parse error further on before an earlier request's limit).
     */
    Flux<ByteBuf> encodeJsonl(ByteBufAllocator allocator, int chunkBytes, EncodeLimits limits,
            Consumer<EncodedTotals> onTotals);

    /** Each request's line, exactly as {@link LineEncoder#encode} would encode it. */
    Flux<EncodedLine> encodeLines();

    /**
     * The number of requests, found by parsing the whole input without making requests of them or keeping their
     * lines; errors as the flux would at the first invalid request, or with {@link
     * EncodeLimitException#requestTooLarge} at the first request whose line alone is over {@code maxLineBytes}
     * (which no batch could take).
     */
    Mono<Long> validateAndCount(long maxLineBytes);

    /**
     * {@code requests} unchanged when they encode themselves and all target {@code endpoint} (so they keep
     * encoding themselves), otherwise each request passed through {@code check}.
     */
    static Flux<BatchRequest> checkedFor(String endpoint, Flux<BatchRequest> requests,
            UnaryOperator<BatchRequest> check) {
        return requests instanceof EncodableRequests direct && direct.endpoint().equals(endpoint)
                ? requests
                : requests.map(check);
    }
}
