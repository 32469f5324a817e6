package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchfluxException;

/** {@code results}: a batch's per-request results as JSONL to {@code --output} or stdout, a summary on stderr. */
final class ResultsCommand {
    private ResultsCommand() {}

    static int run(Session s) {
        String id = s.options.requireId(Action.RESULTS);
        BatchClient client = s.client();
        Batch batch = client.batches().retrieve(id).block();
        if (!batch.isTerminal()) {
            throw new BatchfluxException("batch " + id + " is " + batch.status() + ": its results exist once it has "
                    + "ended; wait with -action watch -id " + id);
        }
        ResultTally tally;
        try (ResultLineWriter writer = ResultLineWriter.open(s.options.output, s.out)) {
            client.results(batch).doOnNext(writer::write).blockLast();
            tally = writer.tally();
        }
        s.err.println(tally.summary());
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }
}
