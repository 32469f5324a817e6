package io.batchflux.emulator;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs one batch from {@code validating} to a terminal status on an engine thread: waits the validation delay,
 * validates the whole input, executes the requests one by one from disk (sleeping {@code perRequestDelay} each,
 * in slices of at least a millisecond), appends result lines as it goes, then finalizes, or stops for a cancel
 * or an expired window. Reads and writes block: this never runs on an event loop.
 */
final class BatchExecution implements Runnable {

    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private enum Outcome { DONE, FAILED, CANCELLED, EXPIRED }

    private final BatchRecord record;
    private final EmulatorOptions options;
    private final FileStore store;
    private final InputValidator validator;
    private final ResultFileWriter output;
    private final ResultFileWriter errors;

    BatchExecution(BatchRecord record, EmulatorOptions options, FileStore store) {
        this.record = record;
        this.options = options;
        this.store = store;
        this.validator = new InputValidator(options.maxRequestsPerBatch());
        this.output = new ResultFileWriter(store, record.id() + "_output.jsonl");
        this.errors = new ResultFileWriter(store, record.id() + "_error.jsonl");
    }

    @Override
    public void run() {
        if (!record.start()) {
            return; // cancelled while it waited for a worker
        }
        try {
            Outcome outcome = validateAndExecute();
            switch (outcome) {
                case CANCELLED -> finishCancelled();
                case EXPIRED -> record.markExpired(now(), publish(output), publish(errors));
                case DONE -> finalizeBatch();
                case FAILED -> {
                    // the record already holds the validation errors
                }
            }
        } catch (InterruptedException e) {
            // the emulator is closing: leave no half-written result behind
            Thread.currentThread().interrupt();
            discardResults();
        } catch (NoSuchFileException e) {
            discardResults();
            record.markFailed(now(), List.of(batchError("invalid_file", "The input file "
                    + record.command().inputFile().id() + " was deleted before the batch read it.")));
        } catch (IOException | RuntimeException e) {
            discardResults();
            record.markFailed(now(), List.of(batchError("internal_error", "The emulator failed to run the batch: " + e)));
        }
    }

    private Outcome validateAndExecute() throws IOException, InterruptedException {
        if (record.awaitCancel(options.validationDelay().toNanos())) {
            return Outcome.CANCELLED;
        }
        InputValidator.Result result = validator.validate(record.command().inputFile().path(), record.command().endpoint());
        if (record.isCancelling()) {
            return Outcome.CANCELLED;
        }
        if (!result.valid()) {
            record.markFailed(now(), result.errors());
            return Outcome.FAILED;
        }
        record.markInProgress(result.model(), result.requestCount(), now());
        return execute();
    }

    private Outcome execute() throws IOException, InterruptedException {
        String endpoint = record.command().endpoint();
        long perRequest = options.perRequestDelay().toNanos();
        long sleepDebt = 0;
        try (InputLineReader reader = new InputLineReader(record.command().inputFile().path())) {
            byte[] line;
            while ((line = reader.next()) != null) {
                if (InputLineReader.isBlank(line)) {
                    continue;
                }
                JsonNode request = EmulatorJson.MAPPER.readTree(line);
                JsonNode body = request.path("body");
                sleepDebt += EchoResponder.isSlow(body) ? 10 * perRequest : perRequest;
                // tiny delays are paid in aggregate: a 1 µs sleep per request would cost far more than 1 µs
                if (sleepDebt >= MIN_SLEEP_NANOS) {
                    if (record.awaitCancel(Math.min(sleepDebt, Math.max(0, record.deadlineNanos() - System.nanoTime())))) {
                        return Outcome.CANCELLED;
                    }
                    sleepDebt = 0;
                }
                if (record.isCancelling()) {
                    return Outcome.CANCELLED;
                }
                if (System.nanoTime() - record.deadlineNanos() >= 0) {
                    expireRemaining(request, reader);
                    return Outcome.EXPIRED;
                }
                executeOne(endpoint, request);
            }
        }
        return Outcome.DONE;
    }

    private void executeOne(String endpoint, JsonNode request) throws IOException {
        String customId = request.path("custom_id").asString();
        String seed = record.id() + "\n" + customId;
        EchoResponder.Answer answer = EchoResponder.answer(endpoint, request.path("body"), now(), seed);
        ObjectNode line = EmulatorJson.object();
        line.put("id", "batch_req_" + IdGenerator.hashHex(seed, 24));
        line.put("custom_id", customId);
        ObjectNode response = line.putObject("response");
        response.put("status_code", answer.statusCode());
        response.put("request_id", IdGenerator.hashHex(seed + "\nrequest", 32));
        response.set("body", answer.body());
        line.putNull("error");
        if (answer.succeeded()) {
            output.write(line);
            record.recordSuccess(answer.inputTokens(), answer.outputTokens());
        } else {
            errors.write(line);
            record.recordFailure();
        }
    }

    /** Writes a {@code batch_expired} error line for {@code first} and every request after it. */
    private void expireRemaining(JsonNode first, InputLineReader reader) throws IOException {
        writeExpired(first.path("custom_id").asString());
        byte[] line;
        while ((line = reader.next()) != null) {
            if (!InputLineReader.isBlank(line)) {
                writeExpired(EmulatorJson.MAPPER.readTree(line).path("custom_id").asString());
            }
        }
    }

    private void writeExpired(String customId) throws IOException {
        ObjectNode line = EmulatorJson.object();
        line.put("id", "batch_req_" + IdGenerator.hashHex(record.id() + "\n" + customId, 24));
        line.put("custom_id", customId);
        line.putNull("response");
        line.set("error", error("batch_expired",
                "This request could not be executed before the completion window expired."));
        errors.write(line);
        record.recordFailure();
    }

    private void finalizeBatch() throws IOException, InterruptedException {
        if (!record.markFinalizing(now())) {
            finishCancelled(); // a cancel arrived after the last request
            return;
        }
        output.close();
        errors.close();
        TimeUnit.NANOSECONDS.sleep(options.finalizingDelay().toNanos());
        record.markCompleted(now(), publish(output), publish(errors));
    }

    private void finishCancelled() throws IOException, InterruptedException {
        output.close();
        errors.close();
        long until = record.cancelRequestedNanos() + options.cancellingDelay().toNanos();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, until - System.nanoTime()));
        record.markCancelled(now(), publish(output), publish(errors));
    }

    private @Nullable String publish(ResultFileWriter writer) throws IOException {
        return writer.publish(record.command().outputExpiresAfterSeconds());
    }

    private void discardResults() {
        try {
            output.discard();
            errors.discard();
        } catch (IOException e) {
            // nothing more to do: the storage directory is deleted on close anyway
        }
    }

    private long now() {
        return options.clock().instant().getEpochSecond();
    }

    /** An entry of the batch's {@code errors.data}, OpenAI's {@code BatchError}. */
    private static ObjectNode batchError(String code, String message) {
        ObjectNode error = error(code, message);
        error.putNull("param");
        error.putNull("line");
        return error;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode error = EmulatorJson.object();
        error.put("code", code);
        error.put("message", message);
        return error;
    }
}
