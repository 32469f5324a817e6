package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchPage;
import io.batchflux.BatchRequest;
import io.batchflux.BatchResult;
import io.batchflux.results.ResultFileReader;
import java.io.PrintStream;
import reactor.core.publisher.Flux;

/**
 * The four actions of the Go original, {@code create}, {@code get}, {@code cancel} and {@code list}, with its
 * output; with {@code --json} each prints the API's objects instead, one per line.
 */
final class BatchCommands {
    private BatchCommands() {}

    /** Uploads the requests and creates a batch; prints {@code 🆕 Batch created.} and the batch. */
    static int create(Session s) {
        // known to need several batches before the first exists: then the job file is written with the first
        boolean several = !RequestSource.likelyOneBatch(s.options);
        if (RequestSource.readOnceFirst(s.options)) {
            try {
                InterruptNote.set(InterruptNote.SUBMITTING);
                Batch batch = s.client().submit(RequestSource.from(s.options, Action.CREATE),
                        RequestSource.submitOptions(s.options)).block();
                InterruptNote.clear();
                return printBatch(s, BatchPrinter.CREATED, batch);
            } catch (RuntimeException e) {
                InterruptNote.clear(); // the error says what became of the upload
                if (!RequestSource.needsJob(s.options, e)) {
                    throw e;
                }
                several = true; // by count or by bytes: the one-batch attempt met a limit
            }
        }
        RequestSource.Counted counted = RequestSource.counted(s.options, Action.CREATE);
        // one batch when the input fits, printed as the original did; more, each printed, when it does not
        JobCommands.create(s, counted.requests(), several || counted.count() > s.options.maxRequests);
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }

    /** Prints {@code 🔎 Batch details.}, then, as the original did, the parsed lines of the output file. */
    static int get(Session s) {
        String id = s.options.requireId(Action.GET);
        BatchClient client = s.client();
        Batch batch = client.batches().retrieve(id).block();
        PrintStream human = s.human();
        printBatchOnly(s, BatchPrinter.DETAILS, batch);
        String outputFile = batch.outputFileId();
        if (outputFile != null) {
            human.println();
            human.println("📥 Downloading and parsing output file: " + BatchPrinter.text(outputFile));
            ResultTextPrinter text = new ResultTextPrinter(human);
            // the output file only, as the original: failures live in the error file, which `results` reads too
            ResultFileReader.read(client.files().content(outputFile), outputFile)
                    .doOnNext(r -> {
                        if (s.options.json) {
                            s.out.println(JsonLines.result(r));
                        } else {
                            text.print(r);
                        }
                    })
                    .blockLast();
        }
        new BatchPrinter(human).done();
        return Main.EXIT_OK;
    }

    /** Asks for cancellation; prints {@code 🛑 Batch cancel requested.} and the batch (usually {@code cancelling}). */
    static int cancel(Session s) {
        java.nio.file.Path job = s.options.jobFile();
        if (job != null) {
            return JobCommands.cancel(s, io.batchflux.BatchJob.load(job));
        }
        String id = s.options.requireId(Action.CANCEL);
        Batch batch = s.client().batches().cancel(id).block();
        return printBatch(s, BatchPrinter.CANCEL_REQUESTED, batch);
    }

    /** One page of batches, newest first, with the cursor of the next page when there is one. */
    static int list(Session s) {
        int limit = s.options.effectiveLimit();
        String after = s.options.after.trim();
        BatchClient client = s.client();
        ListPrinter printer = new ListPrinter(s.human());
        BatchPage page = client.batches().list(after.isEmpty() ? null : after, limit).block();
        printer.heading(limit, after); // after the call, as the original: a failed list prints only its error
        if (s.options.json) {
            s.out.println(JsonLines.page(page));
        }
        printer.page(page);
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }

    private static int printBatch(Session s, String title, Batch batch) {
        printBatchOnly(s, title, batch);
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }

    private static void printBatchOnly(Session s, String title, Batch batch) {
        if (s.options.json) {
            s.out.println(JsonLines.batch(batch));
        } else {
            new BatchPrinter(s.human()).batch(title, batch);
        }
    }
}
