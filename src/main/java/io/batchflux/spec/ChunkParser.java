package io.batchflux.spec;

import io.batchflux.jsonl.ItemsThenError;
import io.netty.buffer.ByteBuf;

/**
 * One subscription's parsing state, fed the input's chunks in order from {@code concatMap}; the requests go to a
 * {@link RequestOutput}, whose output each call returns. Errors are returned after the output completed before
 * them, never thrown (a throwing mapper would have its chunk discarded, i.e. released a second time), so that
 * output is emitted first.
 *
 * @param <T> what the output makes of requests
 */
interface ChunkParser<T> {
    /** Consumes (and releases) {@code chunk}; returns the output of the requests it completed. */
    ItemsThenError<T> feed(ByteBuf chunk);

    /** The output of the requests left when the input ends (not yet the output's own {@code finish}). */
    ItemsThenError<T> finish();
}
