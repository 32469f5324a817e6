package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchfluxException;

/** {@code results}: a batch's per-request results as JSONL to {@code --output} or stdout, a summary on stderr. */
final class ResultsCommand {
    private ResultsCommand() {}

    static int run(Session s) {
        java.nio.file.Path jobFile = s.options.jobFile();
        if (jobFile != null) {
            return runJob(s, io.batchflux.BatchJob.load(jobFile), jobFile.toString());
        }
        String id = s.options.requireId(Action.RESULTS);
        BatchClient client = s.client();
        Batch batch = requireEnded(client, id, id);
        ResultTally tally;
        try (ResultLineWriter writer = ResultLineWriter.open(s.options.output, s.out)) {
            client.results(batch).doOnNext(writer::write).blockLast();
            writer.complete();
            tally = writer.tally();
        }
        s.err.println(tally.summary());
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }

    /** Every shard's results; each shard must have ended. */
    private static int runJob(Session s, io.batchflux.BatchJob job, String name) {
        for (String id : job.batchIds()) {
            requireEnded(s.client(), id, name);
        }
        ResultTally tally;
        try (ResultLineWriter writer = ResultLineWriter.open(s.options.output, s.out)) {
            JobCommands.results(s, job, writer::write);
            writer.complete();
            tally = writer.tally();
        }
        s.err.println(tally.summary());
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }

    private static Batch requireEnded(BatchClient client, String id, String watchTarget) {
        Batch batch = client.batches().retrieve(id).block();
        if (!batch.isTerminal()) {
            throw new BatchfluxException("batch " + id + " is " + batch.status() + ": its results exist once it has "
                    + "ended; wait with -action watch -id " + watchTarget);
        }
        return batch;
    }
}
