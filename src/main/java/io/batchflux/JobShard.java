package io.batchflux;

/**
 * One shard of a {@link BatchJob}: a consecutive run of the job's requests, uploaded as one file and submitted
 * as one batch.
 *
 * @param index 0-based position of the shard in the job
 * @param firstRequest 1-based ordinal, in the whole request stream, of the shard's first request
 * @param requests how many requests the shard holds
 * @param bytes the size of its JSONL input file
 * @param inputFileId the uploaded input file
 * @param batchId the batch created over it
 */
public record JobShard(int index, long firstRequest, long requests, long bytes, String inputFileId,
        String batchId) {

    /** 1-based ordinal of the shard's last request. */
    public long lastRequest() {
        return firstRequest + requests - 1;
    }
}
