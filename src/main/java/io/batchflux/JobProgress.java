package io.batchflux;

import java.util.List;

/**
 * One merged view of a job's batches: the latest snapshot of each shard, and the sums a progress bar needs.
 *
 * @param batches the latest snapshot of every shard, in shard order
 */
public record JobProgress(List<Batch> batches) {

    public JobProgress {
        batches = List.copyOf(batches);
    }

    /** Requests of all shards. */
    public long total() {
        return batches.stream().mapToLong(b -> b.requestCounts().total()).sum();
    }

    /** Requests completed (2xx) in all shards. */
    public long completed() {
        return batches.stream().mapToLong(b -> b.requestCounts().completed()).sum();
    }

    /** Requests failed in all shards. */
    public long failed() {
        return batches.stream().mapToLong(b -> b.requestCounts().failed()).sum();
    }

    /** Whether every shard reached a terminal status. */
    public boolean isTerminal() {
        return batches.stream().allMatch(Batch::isTerminal);
    }

    /** Whether every shard completed. */
    public boolean isCompleted() {
        return batches.stream().allMatch(b -> BatchStatus.COMPLETED.equals(b.status()));
    }
}
