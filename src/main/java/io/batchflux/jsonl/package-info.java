/**
 * Line-oriented JSON (JSONL) work: splitting a {@code Flux<ByteBuf>} into lines ({@link
 * io.batchflux.jsonl.LineSplitter}), validating native batch input lines ({@link
 * io.batchflux.jsonl.JsonlLineDecoder}, which {@code io.batchflux.spec.RequestSpecParser} reads files with) and
 * encoding requests into upload-sized buffers ({@link io.batchflux.jsonl.JsonlEncoder}). Internal to batchflux; may
 * change without notice.
 *
 * <p>Buffer ownership: every operator here takes ownership of the {@code ByteBuf}s it is given and releases each
 * exactly once, also on cancellation and error; the buffers it emits belong to the subscriber.
 */
@NullMarked
package io.batchflux.jsonl;

import org.jspecify.annotations.NullMarked;
