package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchEvent;
import io.batchflux.BatchRequest;
import io.batchflux.BatchResult;
import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Create, watch and read in one go ({@link io.batchflux.BatchClient#run}): prints the created batch, the progress,
 * the final snapshot, and hands each result to a sink. Used by {@code run} (JSONL sink) and {@code demo} (text).
 */
final class RunCommand {
    private final Session session;
    private final PrintStream human;
    private final ProgressLine progress;
    private @Nullable Batch last;
    private boolean finishedShown;

    private RunCommand(Session session) {
        this.session = session;
        this.human = session.human();
        this.progress = new ProgressLine(human, session.interactive);
    }

    /** {@code run}: results as JSONL to {@code --output} or stdout, the story and summary beside them. */
    static int run(Session s) {
        if (RequestSource.readOnceFirst(s.options)) {
            return oneBatchElseJob(s, RequestSource.from(s.options, Action.RUN),
                    () -> RequestSource.counted(s.options, Action.RUN).requests());
        }
        RequestSource.Counted counted = RequestSource.counted(s.options, Action.RUN);
        return counted.count() > s.options.maxRequests ? runJob(s, counted.requests())
                : oneBatchElseJob(s, counted.requests(), counted::requests);
    }

    /**
     * One batch of {@code requests}; when they turn out too large for one (by count or by bytes), that upload is
     * aborted before its end (nothing is stored) and the {@code validated} requests become a job instead.
     */
    private static int oneBatchElseJob(Session s, Flux<BatchRequest> requests,
            Supplier<Flux<BatchRequest>> validated) {
        try {
            return runOne(s, requests);
        } catch (RuntimeException e) {
            if (!RequestSource.needsJob(s.options, e)) {
                throw e;
            }
            return runJob(s, validated.get());
        }
    }

    /** One batch: created, watched and read. */
    private static int runOne(Session s, Flux<BatchRequest> requests) {
        ResultTally tally;
        Batch last;
        try (ResultLineWriter writer = ResultLineWriter.open(s.options.output, s.out)) {
            last = new RunCommand(s).execute(requests, writer::write);
            writer.complete();
            tally = writer.tally();
        }
        s.err.println(tally.summary());
        return Outcome.report(s, last);
    }

    /** More requests than one batch holds: a job of several batches, created, watched and read in turn. */
    private static int runJob(Session s, Flux<BatchRequest> requests) {
        ResultTally tally;
        io.batchflux.JobProgress end;
        // opened (checked) first: an --output that cannot be written fails before any batch exists
        try (ResultLineWriter writer = ResultLineWriter.open(s.options.output, s.out)) {
            io.batchflux.BatchJob job = JobCommands.create(s, requests, true);
            end = JobCommands.watch(s, job);
            JobCommands.results(s, end.batches(), writer::write);
            writer.complete();
            tally = writer.tally();
        }
        s.err.println(tally.summary());
        return JobCommands.report(s, end);
    }

    /** Runs the batch to its end, giving every result to {@code sink}; returns the terminal snapshot. */
    static Batch execute(Session s, Flux<BatchRequest> requests, Consumer<BatchResult> sink) {
        return new RunCommand(s).execute(requests, sink);
    }

    private Batch execute(Flux<BatchRequest> requests, Consumer<BatchResult> sink) {
        InterruptNote.set(InterruptNote.SUBMITTING);
        try {
            session.client().run(requests, RequestSource.submitOptions(session.options), session.polling())
                    .doOnNext(event -> on(event, sink))
                    .blockLast();
        } finally {
            InterruptNote.clear();
            progress.finish();
        }
        Batch terminal = last;
        if (terminal == null) {
            throw new IllegalStateException("the batch stream ended without a snapshot");
        }
        showFinished(terminal);
        return terminal;
    }

    private void on(BatchEvent event, Consumer<BatchResult> sink) {
        if (event instanceof BatchEvent.Submitted submitted) {
            last = submitted.batch();
            InterruptNote.batchRuns(submitted.batch().id());
            new BatchPrinter(human).batch(BatchPrinter.CREATED, submitted.batch());
            human.println("   📦 Uploaded: " + submitted.requests() + " requests, " + submitted.bytes() + " bytes");
            human.println();
        } else if (event instanceof BatchEvent.Progress p) {
            last = p.batch();
            progress.update(p.batch());
        } else if (event instanceof BatchEvent.Result r) {
            if (last != null) {
                showFinished(last);
            }
            sink.accept(r.result());
        }
    }

    /** The final snapshot, once, before the first result or at the end. */
    private void showFinished(Batch terminal) {
        if (finishedShown) {
            return;
        }
        finishedShown = true;
        progress.finish();
        human.println();
        new BatchPrinter(human).batch(BatchPrinter.FINISHED, terminal);
    }
}
