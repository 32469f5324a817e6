package io.batchflux.bench;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchRequest;
import io.batchflux.FileObject;
import io.batchflux.PollingOptions;
import io.batchflux.SubmitOptions;
import io.batchflux.json.WireJson;
import java.time.Duration;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code create baseUrl N}: submits N small chat requests from a generator Flux and waits for the batch to
 * complete; prints {@code BATCH <id>}. {@code read baseUrl batchId}: retrieves the batch (untimed), then times
 * {@code client.results(batch).count()} alone.
 */
public final class ResultsMain {
    private ResultsMain() {}

    public static void main(String[] args) {
        try (BatchClient client = Clients.forBaseUrl(args[1])) {
            if (args[0].equals("create")) {
                create(client, Long.parseLong(args[2]));
            } else {
                read(client, args[2]);
            }
        }
    }

    private static void create(BatchClient client, long n) {
        Flux<BatchRequest> requests = Flux.<BatchRequest, Long>generate(() -> 0L, (i, sink) -> {
            if (i >= n) {
                sink.complete();
                return i;
            }
            ObjectNode body = WireJson.mapper().createObjectNode();
            body.put("model", "gpt-4o-mini");
            body.putArray("messages").addObject().put("role", "user").put("content", "say something about " + i);
            sink.next(BatchRequest.post("request-" + i, "/v1/chat/completions", body));
            return i + 1;
        });
        long t0 = System.nanoTime();
        Batch created = client.submit(requests, SubmitOptions.defaults().withLimits(n, 4L << 30)).block();
        long t1 = System.nanoTime();
        Batch done = client.awaitCompletion(created.id(), PollingOptions.every(Duration.ofSeconds(1))
                .withDeadline(Duration.ofMinutes(10))).block();
        long t2 = System.nanoTime();
        System.out.println("BATCH " + done.id());
        Clients.result("create", String.format("batch=%s status=%s counts=%s submit_ms=%d process_ms=%d",
                done.id(), done.status(), done.requestCounts(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000));
    }

    private static void read(BatchClient client, String batchId) {
        Batch batch = client.batches().retrieve(batchId).block();
        FileObject output = client.files().retrieve(batch.outputFileId()).block();
        long t0 = System.nanoTime();
        long lines = client.results(batch).count().block();
        long nanos = System.nanoTime() - t0;
        Clients.result("results", String.format(
                "lines=%d output_bytes=%s wall_ms=%d lines_per_s=%.0f MBps=%.1f", lines, output.bytes(),
                nanos / 1_000_000, lines / (nanos / 1e9), Clients.mbPerSec(output.bytes(), nanos)));
    }
}
