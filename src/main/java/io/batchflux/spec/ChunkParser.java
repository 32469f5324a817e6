package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;

/**
 * One subscription's parsing state, fed the input's chunks in order from {@code concatMap}. Errors are returned
 * after the requests completed before them, never thrown (a throwing mapper would have its chunk discarded, i.e.
 * released a second time), so those requests are emitted first.
 */
interface ChunkParser {
    /** Consumes (and releases) {@code chunk}; returns the requests it completed. */
    ItemsThenError<BatchRequest> feed(ByteBuf chunk);

    /** The requests left when the input ends. */
    ItemsThenError<BatchRequest> finish();
}
