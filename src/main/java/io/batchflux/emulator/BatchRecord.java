package io.batchflux.emulator;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One batch's state: written by its {@link BatchExecution} thread and by cancel requests, read by GETs, so every
 * access holds this object's monitor. {@link #toJson()} renders OpenAI's {@code Batch} object.
 */
final class BatchRecord {

    private final String id;
    private final long sequence;
    private final CreateBatchCommand command;
    private final long createdAt;
    private final long expiresAt;
    private final long deadlineNanos;
    // counted down once, when a cancel arrives: lets the job's sleeps end early
    private final CountDownLatch cancelSignal = new CountDownLatch(1);

    private String status = "validating";
    private @Nullable String model;
    private @Nullable List<ObjectNode> errors;
    private @Nullable String outputFileId;
    private @Nullable String errorFileId;
    private @Nullable Long inProgressAt;
    private @Nullable Long finalizingAt;
    private @Nullable Long completedAt;
    private @Nullable Long failedAt;
    private @Nullable Long expiredAt;
    private @Nullable Long cancellingAt;
    private @Nullable Long cancelledAt;
    private long cancelRequestedNanos;
    private long total;
    private long completed;
    private long failed;
    private long inputTokens;
    private long outputTokens;

    /** Whether its job has begun on a worker (see {@link #start()}). */
    private boolean started;

    BatchRecord(String id, long sequence, CreateBatchCommand command, long createdAt, long expiresAt, long deadlineNanos) {
        this.id = id;
        this.sequence = sequence;
        this.command = command;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.deadlineNanos = deadlineNanos;
    }

    String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    CreateBatchCommand command() {
        return command;
    }

    /** {@link System#nanoTime()} at which the completion window closes. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    synchronized String status() {
        return status;
    }

    synchronized void markInProgress(@Nullable String validatedModel, long requestCount, long now) {
        model = validatedModel;
        total = requestCount;
        if (status.equals("validating")) {
            status = "in_progress";
            inProgressAt = now;
        }
    }

    synchronized void recordSuccess(long in, long out) {
        completed++;
        inputTokens += in;
        outputTokens += out;
    }

    synchronized void recordFailure() {
        failed++;
    }

    /** Moves on to {@code finalizing}; false when a cancel came first (the batch must end cancelled instead). */
    synchronized boolean markFinalizing(long now) {
        if (!status.equals("in_progress")) {
            return false;
        }
        status = "finalizing";
        finalizingAt = now;
        return true;
    }

    /**
     * Marks the batch's job as started; false when it ended while queued (cancelled before a worker was free), and
     * the job has nothing to do.
     */
    synchronized boolean start() {
        started = true;
        return !status.equals("cancelled");
    }

    /** Ends a cancelled batch whose job never started: no request ran, so it has no result files. */
    synchronized void cancelIfNotStarted(long now) {
        if (!started && status.equals("cancelling")) {
            markCancelled(now, null, null);
        }
    }

    synchronized void markCompleted(long now, @Nullable String outputFile, @Nullable String errorFile) {
        status = "completed";
        completedAt = now;
        outputFileId = outputFile;
        errorFileId = errorFile;
    }

    synchronized void markFailed(long now, List<ObjectNode> validationErrors) {
        if (status.equals("cancelling")) {
            // the cancel the client was told of wins: a batch being cancelled ends cancelled
            markCancelled(now, null, null);
            return;
        }
        status = "failed";
        failedAt = now;
        errors = List.copyOf(validationErrors);
    }

    synchronized void markExpired(long now, @Nullable String outputFile, @Nullable String errorFile) {
        status = "expired";
        expiredAt = now;
        outputFileId = outputFile;
        errorFileId = errorFile;
    }

    /**
     * Starts cancelling when the batch is {@code validating} or {@code in_progress}; returns whether it now is (or
     * already was) {@code cancelling}.
     */
    synchronized boolean requestCancel(long now) {
        if (status.equals("validating") || status.equals("in_progress")) {
            status = "cancelling";
            cancellingAt = now;
            cancelRequestedNanos = System.nanoTime();
            cancelSignal.countDown();
            return true;
        }
        return status.equals("cancelling");
    }

    synchronized boolean isCancelling() {
        return status.equals("cancelling");
    }

    synchronized long cancelRequestedNanos() {
        return cancelRequestedNanos;
    }

    synchronized void markCancelled(long now, @Nullable String outputFile, @Nullable String errorFile) {
        status = "cancelled";
        cancelledAt = now;
        outputFileId = outputFile;
        errorFileId = errorFile;
    }

    /** Sleeps up to {@code nanos}; returns early, with true, when a cancel arrives. */
    boolean awaitCancel(long nanos) throws InterruptedException {
        return cancelSignal.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** OpenAI's {@code Batch} object, every field present (unset ones as null). */
    synchronized ObjectNode toJson() {
        ObjectNode node = EmulatorJson.object();
        node.put("id", id);
        node.put("object", "batch");
        node.put("endpoint", command.endpoint());
        EmulatorJson.putNullable(node, "model", model);
        if (errors == null) {
            node.putNull("errors");
        } else {
            ObjectNode list = node.putObject("errors");
            list.put("object", "list");
            ArrayNode data = list.putArray("data");
            errors.forEach(data::add);
        }
        node.put("input_file_id", command.inputFile().id());
        node.put("completion_window", command.completionWindow());
        node.put("status", status);
        EmulatorJson.putNullable(node, "output_file_id", outputFileId);
        EmulatorJson.putNullable(node, "error_file_id", errorFileId);
        node.put("created_at", createdAt);
        EmulatorJson.putNullable(node, "in_progress_at", inProgressAt);
        node.put("expires_at", expiresAt);
        EmulatorJson.putNullable(node, "finalizing_at", finalizingAt);
        EmulatorJson.putNullable(node, "completed_at", completedAt);
        EmulatorJson.putNullable(node, "failed_at", failedAt);
        EmulatorJson.putNullable(node, "expired_at", expiredAt);
        EmulatorJson.putNullable(node, "cancelling_at", cancellingAt);
        EmulatorJson.putNullable(node, "cancelled_at", cancelledAt);
        ObjectNode counts = node.putObject("request_counts");
        counts.put("total", total);
        counts.put("completed", completed);
        counts.put("failed", failed);
        ObjectNode usage = node.putObject("usage");
        usage.put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", inputTokens + outputTokens);
        if (command.metadata() == null) {
            node.putNull("metadata");
        } else {
            node.set("metadata", command.metadata().deepCopy());
        }
        return node;
    }
}
