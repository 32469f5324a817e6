package io.batchflux.bench;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchRequests;
import io.batchflux.FileObject;
import io.batchflux.SubmitOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times {@code client.submit(BatchRequests.fromFile(spec, "gpt-4o-mini"), options)} until it returns the created
 * batch. Arguments: {@code baseUrl specPath [maxRequests maxBytes]} (default: OpenAI's limits).
 */
public final class SubmitMain {
    private SubmitMain() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path spec = Path.of(args[1]);
        SubmitOptions options = args.length > 3
                ? SubmitOptions.defaults().withLimits(Long.parseLong(args[2]), Long.parseLong(args[3]))
                : SubmitOptions.defaults();
        try (BatchClient client = Clients.forBaseUrl(baseUrl)) {
            long t0 = System.nanoTime();
            Batch batch = client.submit(BatchRequests.fromFile(spec, "gpt-4o-mini"), options).block();
            long nanos = System.nanoTime() - t0;
            FileObject input = client.files().retrieve(batch.inputFileId()).block();
            long specBytes = Files.size(spec);
            Clients.result("submit", String.format(
                    "batch=%s status=%s spec_bytes=%d jsonl_bytes=%s wall_ms=%d spec_MBps=%.1f", batch.id(),
                    batch.status(), specBytes, input.bytes(), nanos / 1_000_000, Clients.mbPerSec(specBytes, nanos)));
        }
    }
}
