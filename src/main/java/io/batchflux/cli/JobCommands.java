package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchJob;
import io.batchflux.BatchRequest;
import io.batchflux.BatchResult;
import io.batchflux.BatchStatus;
import io.batchflux.BatchfluxException;
import io.batchflux.JobProgress;
import io.batchflux.JobShard;
import io.batchflux.ShardCreated;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;

/**
 * Inputs larger than one batch: {@code create} and {@code run} split them into shards, one batch each, printed
 * as they are created and recorded in a job file after each one, so that {@code watch}, {@code results} and
 * {@code cancel} work on the whole job later, and an interrupted {@code create} resumes where it stopped.
 */
final class JobCommands {
    static final String SHARD_LINE = "   🧩 Shard %d: requests %d..%d (%d bytes)";

    private JobCommands() {}

    /**
     * Submits {@code requests} as shards, printing each created batch (the single-batch output when one
     * suffices; with its shard's range when {@code expectSeveral} or a second shard shows the input did not fit).
     * Returns the complete job.
     */
    static BatchJob create(Session s, Flux<BatchRequest> requests, boolean expectSeveral) {
        BatchClient client = s.client();
        PrintStream human = s.human();
        Path named = s.options.jobFile();
        BatchJob start = named != null && Files.isRegularFile(named) ? BatchJob.load(named) : BatchJob.empty();
        if (start.complete()) {
            throw new UsageException("job file " + named + " already holds a complete job of "
                    + start.shards().size() + " batches; watch it with -action watch --job " + named);
        }
        if (!start.shards().isEmpty()) {
            human.println("♻️  Resuming job " + named + ": " + start.shards().size() + " batches exist, "
                    + start.submittedRequests() + " requests submitted");
        }
        AtomicReference<BatchJob> job = new AtomicReference<>(start);
        AtomicReference<@Nullable Path> file = new AtomicReference<>(named);
        Flux<ShardCreated> shards = start.shards().isEmpty()
                ? client.submitShards(requests, RequestSource.submitOptions(s.options))
                : client.resumeShards(start, requests, RequestSource.submitOptions(s.options));
        // consumed on this thread, not the event loop: saving the job file and printing block. Materialized, so that
        // a shard created just before an error is still recorded and printed (a plain iterable throws the error
        // first and drops what is queued before it)
        InterruptNote.set(InterruptNote.SUBMITTING);
        for (Signal<ShardCreated> signal : shards.materialize().toIterable(1)) {
            if (signal.isOnError()) {
                InterruptNote.clear(); // the error says where the job's batches are
                throw afterShards(start, job.get(), file, signal.getThrowable());
            }
            ShardCreated created = signal.get();
            if (created == null) {
                break; // onComplete
            }
            JobShard shard = created.shard();
            BatchJob next = job.updateAndGet(j -> j.with(shard));
            // a job of several batches needs its file as soon as its first batch exists, even when none was named:
            // killed while the next shard streams, the job must still be resumable (a rerun would pay twice)
            if (file.get() == null && (expectSeveral || next.shards().size() > 1)) {
                file.set(defaultJobFile(next));
            }
            if (file.get() != null) {
                next.save(file.get());
                InterruptNote.set("the job's batches so far are in job file " + file.get() + ": run the same command"
                        + " with --job " + file.get() + " to go on; " + InterruptNote.SUBMITTING);
            } else {
                InterruptNote.batchRuns(created.batch().id());
            }
            printShard(s, created.batch(), shard, expectSeveral || next.shards().size() > 1);
        }
        BatchJob done = job.updateAndGet(BatchJob::completed);
        if (file.get() != null) {
            done.save(file.get());
            InterruptNote.jobRuns(file.get());
            human.println("🧾 Job file: " + file.get() + " (" + done.shards().size() + " batches; use -id "
                    + file.get() + " with watch, results or cancel)");
        }
        return done;
    }

    /**
     * {@code error} as is when this run created no batch; otherwise saved in the job file (named now if it had no
     * name yet) and said in the message, since batches of the job exist and run: never "nothing was stored".
     */
    private static RuntimeException afterShards(BatchJob start, BatchJob now, AtomicReference<@Nullable Path> file,
            Throwable error) {
        int created = now.shards().size() - start.shards().size();
        if (created == 0) {
            return Exceptions.propagate(error);
        }
        if (file.get() == null) {
            file.set(defaultJobFile(now));
        }
        now.save(file.get());
        return new BatchfluxException(error.getMessage() + "; " + created + " batch(es) of this job were created"
                + " before it (job file " + file.get() + "): fix the input and run the same command with --job "
                + file.get() + " to go on, or cancel them with -action cancel -id " + file.get(), error);
    }

    /** Where a job is recorded when no {@code --job} names it: after its first batch, in the working directory. */
    private static Path defaultJobFile(BatchJob job) {
        return Path.of("batchflux-job-" + job.shards().get(0).batchId() + ".json");
    }

    private static void printShard(Session s, Batch batch, JobShard shard, boolean several) {
        if (s.options.json) {
            s.out.println(JsonLines.batch(batch));
            return;
        }
        new BatchPrinter(s.human()).batch(BatchPrinter.CREATED, batch);
        if (several) {
            s.human().println(String.format(SHARD_LINE, shard.index() + 1, shard.firstRequest(), shard.lastRequest(),
                    shard.bytes()));
        }
    }

    /** Follows every batch of the job with one progress line; returns the terminal view. */
    static JobProgress watch(Session s, BatchJob job) {
        PrintStream human = s.human();
        AtomicReference<@Nullable String> lastLine = new AtomicReference<>();
        JobProgress end = s.client().watch(job, s.polling())
                .doOnNext(p -> {
                    String line = describe(p);
                    if (!line.equals(lastLine.getAndSet(line))) {
                        human.println(line);
                    }
                })
                .blockLast();
        if (end == null) {
            throw new IllegalStateException("the job has no batches");
        }
        for (Batch b : end.batches()) {
            if (s.options.json) {
                s.out.println(JsonLines.batch(b));
            } else {
                new BatchPrinter(human).batch(BatchPrinter.FINISHED, b);
            }
        }
        return end;
    }

    static String describe(JobProgress p) {
        long terminal = p.batches().stream().filter(Batch::isTerminal).count();
        return "⏳ job of " + p.batches().size() + " batches: " + terminal + " ended, "
                + (p.completed() + p.failed()) + "/" + p.total() + " requests done (ok=" + p.completed() + " fail="
                + p.failed() + ")";
    }

    /** The exit code of a finished job: 0 when every batch completed, else the not-completed code. */
    static int report(Session s, JobProgress end) {
        if (end.isCompleted()) {
            new BatchPrinter(s.human()).done();
            return Main.EXIT_OK;
        }
        Batch bad = end.batches().stream().filter(b -> !BatchStatus.COMPLETED.equals(b.status())).findFirst()
                .orElseThrow();
        s.err.println(ErrorReporter.errorLine("job batch " + bad.id() + " ended " + bad.status() + ", not completed"));
        return Main.EXIT_NOT_COMPLETED;
    }

    /**
     * Every result of the ended batches (a job's shards, or one batch), one after another; a batch cancelled or
     * expired before running all its requests adds one {@code missing} result per request it never ran (see {@link
     * ResultsCommand#withUnrun}).
     */
    static void results(Session s, List<Batch> endedShards, Consumer<BatchResult> sink) {
        BatchClient client = s.client();
        Flux.fromIterable(endedShards)
                .concatMap(shard -> ResultsCommand.withUnrun(client, shard,
                        warning -> s.err.println(ErrorReporter.warningLine(s.redact(warning)))), 0)
                .doOnNext(sink)
                .blockLast();
    }

    /**
     * Cancels the job's running batches, printing each answer: a shard that had already ended (completed, failed,
     * expired) was not asked to cancel and is shown as it is.
     */
    static int cancel(Session s, BatchJob job) {
        s.client().cancel(job).doOnNext(b -> {
            if (s.options.json) {
                s.out.println(JsonLines.batch(b));
            } else {
                boolean endedBefore = b.isTerminal() && !BatchStatus.CANCELLED.equals(b.status());
                new BatchPrinter(s.human()).batch(endedBefore ? BatchPrinter.DETAILS : BatchPrinter.CANCEL_REQUESTED, b);
            }
        }).blockLast();
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }
}
