package io.batchflux;

import io.batchflux.json.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of batches made from one request stream cut into shards (OpenAI caps a batch at 50,000 requests and
 * 200 MB). Immutable; small enough to save as JSON after every shard ({@link #save(Path)}), so that watching,
 * reading results and cancelling work after a restart, and a submission interrupted between two shards resumes
 * without submitting a shard twice ({@link BatchClient#resumeShards}).
 *
 * @param shards the shards created so far, in order
 * @param complete whether the whole request stream was submitted
 */
public record BatchJob(List<JobShard> shards, boolean complete) {

    public BatchJob {
        shards = List.copyOf(shards == null ? List.of() : shards);
    }

    /** A job with no shards yet. */
    public static BatchJob empty() {
        return new BatchJob(List.of(), false);
    }

    /** A copy with {@code shard} appended. */
    public BatchJob with(JobShard shard) {
        List<JobShard> more = new ArrayList<>(shards);
        more.add(shard);
        return new BatchJob(more, complete);
    }

    /** A copy marked as holding the whole request stream. */
    public BatchJob completed() {
        return new BatchJob(shards, true);
    }

    /** Requests submitted so far: where a resumed submission picks up. */
    public long submittedRequests() {
        return shards.stream().mapToLong(JobShard::requests).sum();
    }

    /** The batch ids, in shard order. */
    public List<String> batchIds() {
        return shards.stream().map(JobShard::batchId).toList();
    }

    /** Writes the job as JSON, atomically (a crash leaves the previous version, never half a file). */
    public void save(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            WireJson.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the job file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a job saved by {@link #save(Path)}. */
    public static BatchJob load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BatchfluxException("job file not found: " + file);
        }
        try {
            return WireJson.mapper().readValue(file.toFile(), BatchJob.class);
        } catch (RuntimeException e) {
            throw new BatchfluxException("job file " + file + " is not a batchflux job: " + e.getMessage(), e);
        }
    }
}
