package io.batchflux;

/**
 * What {@link BatchClient#run} emits, in this order: one {@link Submitted} once the batch exists, a
 * {@link Progress} per change of its status or counts (the last one terminal), then one {@link Result} per
 * request.
 */
public sealed interface BatchEvent {

    /** The input file was uploaded and the batch created. */
    record Submitted(Batch batch, long requests, long bytes) implements BatchEvent {}

    /** A new snapshot of the batch. */
    record Progress(Batch batch) implements BatchEvent {}

    /** The outcome of one request. */
    record Result(BatchResult result) implements BatchEvent {}
}
