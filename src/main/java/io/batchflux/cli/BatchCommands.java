package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchPage;
import io.batchflux.BatchRequest;
import io.batchflux.BatchResult;
import io.batchflux.jsonl.EncodeLimitException;
import io.batchflux.results.ResultFileReader;
import java.io.PrintStream;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * The four actions of the Go original, {@code create}, {@code get}, {@code cancel} and {@code list}, with its
 * output; with {@code --json} each prints the API's objects instead, one per line.
 */
final class BatchCommands {
    private BatchCommands() {}

    /** Uploads the requests and creates a batch; prints {@code 🆕 Batch created.} and the batch. */
    static int create(Session s) {
        if (s.options.noShard) {
            // an invalid request aborts the upload before its end: the server stores nothing, no batch is made
            Batch batch = s.client().submit(RequestSource.from(s.options, Action.CREATE),
                    RequestSource.submitOptions(s.options)).block();
            return printBatch(s, BatchPrinter.CREATED, batch);
        }
        if (s.options.jobFile() == null && RequestSource.likelyOneBatch(s.options)) {
            Batch batch = submitIfOneBatch(s);
            if (batch != null) {
                return printBatch(s, BatchPrinter.CREATED, batch);
            }
        }
        RequestSource.Counted counted = RequestSource.counted(s.options, Action.CREATE);
        // one batch when the input fits, printed as the original did; more, each printed, when it does not
        JobCommands.create(s, counted.requests(), counted.count() > s.options.maxRequests);
        new BatchPrinter(s.human()).done();
        return Main.EXIT_OK;
    }

    /**
     * The input read once, straight into one batch's upload; null when it turns out to exceed one batch: that
     * upload is then aborted before its end (the server keeps nothing), and the caller splits the input after a
     * validation pass, so a job of several batches is never left half-created by a bad request further on.
     */
    private static @Nullable Batch submitIfOneBatch(Session s) {
        try {
            return s.client().submit(RequestSource.from(s.options, Action.CREATE),
                    RequestSource.submitOptions(s.options)).block();
        } catch (RuntimeException e) {
            if (Exceptions.unwrap(e) instanceof EncodeLimitException) {
                return null;
            }
            throw e;
        }
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
            human.println("📥 Downloading and parsing output file: " + outputFile);
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
        printer.heading(limit, after);
        BatchPage page = client.batches().list(after.isEmpty() ? null : after, limit).block();
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
