package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchRequest;
import io.batchflux.BatchResult;
import io.batchflux.BatchStatus;
import io.batchflux.BatchfluxException;
import io.batchflux.RequestCounts;
import io.batchflux.results.Completeness;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecFormat;
import io.batchflux.spec.SpecOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code results}: a batch's per-request results as JSONL to {@code --output} or stdout, a summary on stderr. */
final class ResultsCommand {
    /** The longest input line read back for its {@code custom_id}: a request with large images inlined. */
    private static final int INPUT_LINE_BYTES = 64 * 1024 * 1024;
    private ResultsCommand() {}

    static int run(Session s) {
        java.nio.file.Path jobFile = s.options.jobFile();
        List<Batch> ended = new ArrayList<>();
        if (jobFile != null) {
            for (String id : io.batchflux.BatchJob.load(jobFile).batchIds()) {
                ended.add(requireEnded(s.client(), id, jobFile.toString()));
            }
        } else {
            String id = s.options.requireId(Action.RESULTS);
            ended.add(requireEnded(s.client(), id, id));
        }
        ResultTally tally;
        try (ResultLineWriter writer = ResultLineWriter.open(s.options.output, s.out)) {
            JobCommands.results(s, ended, writer::write);
            writer.complete();
            tally = writer.tally();
        }
        s.err.println(tally.summary());
        Optional<Batch> failed = ended.stream().filter(b -> BatchStatus.FAILED.equals(b.status())).findFirst();
        if (failed.isPresent()) {
            // failed validation: none of its requests ran, and an empty result is no success
            return Outcome.report(s, failed.get());
        }
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }

    /**
     * The batch's results, and when it ended before running every request (cancelled or expired, with requests in
     * neither file) one {@link BatchResult.Missing} per request it never ran, named from its input file, so that the
     * output still has a line per request. {@code warn} gets the warning text when the input file cannot be read.
     */
    static Flux<BatchResult> withUnrun(BatchClient client, Batch batch, Consumer<String> warn) {
        Flux<BatchResult> results = client.results(batch);
        String input = batch.inputFileId();
        RequestCounts counts = batch.requestCounts();
        boolean cutShort = BatchStatus.CANCELLED.equals(batch.status()) || BatchStatus.EXPIRED.equals(batch.status());
        // counts stay zero when the batch was cancelled while it was still being validated
        if (input == null || !cutShort || (counts.total() > 0 && counts.finished() >= counts.total())) {
            return results;
        }
        // the server took this file: only its ids are wanted, so lines may be as long as any the API accepts
        SpecOptions jsonl = SpecOptions.defaults().withFormat(SpecFormat.JSONL).withMaxRequestBytes(INPUT_LINE_BYTES)
                .withEndpoint(batch.endpoint() != null ? batch.endpoint() : SpecOptions.DEFAULT_ENDPOINT);
        return RequestSpecParser.create(jsonl).parse(client.files().content(input))
                .map(BatchRequest::customId)
                .collectList()
                .map(Optional::of)
                // the input file may be gone (deleted, expired): then the results are still worth having
                .onErrorResume(e -> {
                    warn.accept("cannot read input file " + input + " to name the requests the batch never ran ("
                            + e.getMessage() + "): only the results follow");
                    return Mono.just(Optional.empty());
                })
                .flatMapMany(ids -> ids.map(all -> Completeness.withMissing(results, all)).orElse(results));
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
