package io.batchflux.cli;

import io.batchflux.Batch;

/** {@code watch}: follows a batch until it ends, then prints its final snapshot. */
final class WatchCommand {
    private WatchCommand() {}

    static int run(Session s) {
        java.nio.file.Path job = s.options.jobFile();
        if (job != null) {
            return JobCommands.report(s, JobCommands.watch(s, io.batchflux.BatchJob.load(job)));
        }
        String id = s.options.requireId(Action.WATCH);
        ProgressLine progress = new ProgressLine(s.human(), s.interactive);
        Batch last;
        try {
            last = s.client().watch(id, s.polling())
                    .doOnNext(b -> {
                        if (s.options.json) {
                            s.out.println(JsonLines.batch(b));
                        }
                        progress.update(b);
                    })
                    .blockLast();
        } finally {
            progress.finish();
        }
        new BatchPrinter(s.human()).batch(BatchPrinter.FINISHED, last);
        return Outcome.report(s, last);
    }
}
