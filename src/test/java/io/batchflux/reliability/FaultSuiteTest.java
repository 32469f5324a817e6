package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.BatchRequest;
import io.batchflux.BatchResult;
import io.batchflux.BatchStatus;
import io.batchflux.CreateBatchParams;
import io.batchflux.PollingOptions;
import io.batchflux.RetryPolicy;
import io.batchflux.SubmitOptions;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.emulator.EmulatorStats;
import io.batchflux.emulator.FaultKind;
import io.batchflux.emulator.FaultOptions;
import io.batchflux.emulator.RouteKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client against an emulator injecting faults into about 30% of its reads (429 with Retry-After, 500,
 * dropped connections, truncated downloads): listing pages through every batch exactly once, watching reaches the
 * terminal snapshot, and all 10,000 results of a batch arrive exactly once, downloads resumed with Range.
 *
 * <p>One emulator serves both halves: faults apply only to the read routes ({@code onlyOn}), so the 10,000-request
 * submit and the 250 extra batch creations (non-idempotent POSTs, pinned in {@link UnsafeCallRetryTest}) run
 * fault-free, and everything read afterwards meets the faults. Figures go to
 * {@code target/reliability/fault-suite.txt}.
 */
class FaultSuiteTest {
    private static final String KEY = "sk-fault-suite";
    private static final int REQUESTS = 10_000;
    private static final int EXTRA_BATCHES = 250;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Set<RouteKind> READS = Set.of(RouteKind.RETRIEVE_BATCH, RouteKind.LIST_BATCHES,
            RouteKind.DOWNLOAD_FILE, RouteKind.RETRIEVE_FILE);

    @Test
    void listWatchAndResultsSurviveThirtyPercentFaults() {
        FaultOptions faults = FaultOptions.none().withRateLimitRate(0.1).withServerErrorRate(0.1)
                .withDropConnectionRate(0.1).withTruncateDownloadRate(0.4).withRetryAfter(Duration.ofMillis(50))
                .withSeed(20260821L).onlyOn(READS);
        EmulatorOptions emulatorOptions = EmulatorOptions.defaults().withApiKey(KEY)
                .withValidationDelay(Duration.ofMillis(50)).withPerRequestDelay(Duration.ZERO)
                .withFinalizingDelay(Duration.ofMillis(500)).withMaxRequestsPerBatch(REQUESTS).withFaults(faults);
        BatchClientOptions clientOptions = BatchClientOptions.builder().apiKey(KEY)
                .retryPolicy(RetryPolicy.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
                        .withMaxRetries(10))
                .build();
        PollingOptions polling = PollingOptions.every(Duration.ofMillis(20)).withFailureBudget(20);
        List<String> figures = new ArrayList<>();
        long suiteStart = System.nanoTime();
        try (BatchEmulator emulator = BatchEmulator.start(emulatorOptions);
                BatchClient client = BatchClient.create(clientOptions.mutate().baseUrl(emulator.baseUrl()).build())) {
            // 1. submit 10,000 requests (fault-free route)
            long t = System.nanoTime();
            Batch big = client.submit(Flux.range(0, REQUESTS).map(FaultSuiteTest::request), SubmitOptions.defaults())
                    .block(WAIT);
            EmulatorStats afterSubmit = emulator.stats();
            figures.add(phase("submit 10,000 requests", t, null, afterSubmit, 2));

            // 2. watch the big batch to its end
            t = System.nanoTime();
            List<Batch> snapshots = client.watch(big.id(), polling).collectList().block(WAIT);
            EmulatorStats afterWatch = emulator.stats();
            Batch done = snapshots.get(snapshots.size() - 1);
            figures.add(phase("watch (" + snapshots.size() + " snapshots emitted)", t, afterSubmit, afterWatch, -1));
            assertEquals(BatchStatus.COMPLETED, done.status(), "terminal snapshot: " + done);
            assertEquals(REQUESTS, done.requestCounts().completed());
            for (int i = 0; i < snapshots.size() - 1; i++) {
                assertTrue(!snapshots.get(i).status().isTerminal(), "only the last snapshot is terminal");
            }

            // 3. every result exactly once, through truncated downloads: read until two truncations were met
            t = System.nanoTime();
            int reads = 0;
            while (reads < 10 && (reads == 0 || emulator.stats().faults(FaultKind.TRUNCATE_DOWNLOAD) < 2)) {
                reads++;
                List<BatchResult> results = client.results(done).collectList().block(WAIT);
                Set<String> ids = results.stream().map(BatchResult::customId).collect(Collectors.toSet());
                assertEquals(REQUESTS, results.size(), "each result once (read " + reads + ")");
                assertEquals(IntStream.range(0, REQUESTS).mapToObj(FaultSuiteTest::id).collect(Collectors.toSet()), ids);
                assertTrue(results.stream().allMatch(BatchResult::isSuccess));
            }
            EmulatorStats afterResults = emulator.stats();
            figures.add(phase("results x" + reads + " (10,000 results each)", t, afterWatch, afterResults, reads));

            // 4. 250 more batches over a small file (fault-free route)
            t = System.nanoTime();
            String smallFile = client.files().upload(Flux.just(io.netty.buffer.Unpooled.copiedBuffer(
                    jsonLine("only"), java.nio.charset.StandardCharsets.UTF_8)),
                    io.batchflux.UploadOptions.defaults()).block(WAIT).id();
            List<String> created = Flux.range(0, EXTRA_BATCHES)
                    .flatMapSequential(i -> client.batches().create(CreateBatchParams.of(smallFile)
                            .withMetadata("n", String.valueOf(i))), 8)
                    .map(Batch::id).collectList().block(WAIT);
            EmulatorStats afterCreate = emulator.stats();
            figures.add(phase("upload 1 file + create " + EXTRA_BATCHES + " batches", t, afterResults, afterCreate,
                    1 + EXTRA_BATCHES));

            // 5. list every batch, 10 per page, through the faults
            t = System.nanoTime();
            List<String> listed = client.batches().listAll(10).map(Batch::id).collectList().block(WAIT);
            EmulatorStats afterList = emulator.stats();
            int pages = (EXTRA_BATCHES + 1 + 9) / 10;
            figures.add(phase("listAll(10) of " + (EXTRA_BATCHES + 1) + " batches", t, afterCreate, afterList, pages));
            Set<String> expectedIds = new HashSet<>(created);
            expectedIds.add(big.id());
            assertEquals(EXTRA_BATCHES + 1, listed.size(), "every batch exactly once: " + duplicates(listed));
            assertEquals(expectedIds, new HashSet<>(listed));

            EmulatorStats total = emulator.stats();
            figures.add(String.format("TOTAL: %d requests served, faults %s (%d), wall %.2f s", total.requestsServed(),
                    total.faultsInjected(), total.faultsInjected().values().stream().mapToLong(Long::longValue).sum(),
                    (System.nanoTime() - suiteStart) / 1e9));
            assertTrue(total.faults(FaultKind.TRUNCATE_DOWNLOAD) > 0, "no download was truncated: " + total);
            assertTrue(total.faults(FaultKind.RATE_LIMIT) > 0 && total.faults(FaultKind.SERVER_ERROR) > 0
                    && total.faults(FaultKind.DROP_CONNECTION) > 0, "every fault kind met: " + total);
        } finally {
            String text = String.join(System.lineSeparator(), figures);
            System.out.println(text);
            Figures.write("fault-suite.txt", text);
        }
    }

    private static String phase(String name, long startNanos, EmulatorStats before, EmulatorStats after,
            int logicalCalls) {
        long served = after.requestsServed() - (before == null ? 0 : before.requestsServed());
        StringBuilder faults = new StringBuilder();
        long faultCount = 0;
        for (FaultKind kind : FaultKind.values()) {
            long n = after.faults(kind) - (before == null ? 0 : before.faults(kind));
            if (n > 0) {
                faults.append(kind).append('=').append(n).append(' ');
                faultCount += n;
            }
        }
        return String.format("%-45s %6d requests served, %s%d faults%s, %.2f s", name, served,
                faults, faultCount,
                logicalCalls < 0 ? " (retries = faults: each fault costs one extra request)"
                        : ", " + logicalCalls + " logical calls, " + (served - logicalCalls) + " extra requests",
                (System.nanoTime() - startNanos) / 1e9);
    }

    private static String duplicates(List<String> ids) {
        Set<String> seen = new HashSet<>();
        return ids.stream().filter(id -> !seen.add(id)).toList().toString();
    }

    private static String id(int i) {
        return "req-" + i;
    }

    private static BatchRequest request(int i) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", "gpt-4o-mini");
        body.putArray("messages").addObject().put("role", "user").put("content", "question number " + i);
        return BatchRequest.post(id(i), "/v1/chat/completions", body);
    }

    private static String jsonLine(String id) {
        return "{\"custom_id\":\"" + id + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":"
                + "\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
    }
}
