package io.batchflux;

/**
 * One shard of a sharded submission, as {@link BatchClient#submitShards} emits it: where it lies in the request
 * stream (to record in a {@link BatchJob}), and the batch exactly as its creation returned it.
 */
public record ShardCreated(JobShard shard, Batch batch) {}
