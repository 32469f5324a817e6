package io.batchflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.json.WireJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** A request stream larger than one batch: cut into shards, submitted as they arrive, watched and read as one. */
class ShardingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final PollingOptions FAST_POLL = PollingOptions.every(Duration.ofMillis(20));

    private static BatchEmulator emulator;
    private static BatchClient client;

    @BeforeAll
    static void start() {
        emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("k")
                .withValidationDelay(Duration.ofMillis(10)).withPerRequestDelay(Duration.ZERO)
                .withFinalizingDelay(Duration.ofMillis(10)).withUploadIdleTimeout(Duration.ofSeconds(2)));
        client = BatchClient.create(BatchClientOptions.builder().apiKey("k").baseUrl(emulator.baseUrl()).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    private static Flux<BatchRequest> requests(int count) {
        return Flux.range(1, count).map(i -> BatchRequest.post(String.format("%06d", i), "/v1/chat/completions",
                WireJson.mapper().createObjectNode().put("model", "gpt-4o-mini").set("messages",
                        WireJson.mapper().createArrayNode().add(WireJson.mapper().createObjectNode()
                                .put("role", "user").put("content", "question " + i)))));
    }

    private static Set<String> ids(List<BatchResult> results) {
        Set<String> ids = new HashSet<>();
        results.forEach(r -> assertTrue(ids.add(r.customId()), "result twice: " + r.customId()));
        return ids;
    }

    @Test
    void streamOverTheRequestLimitBecomesConsecutiveShardsEachReadOnce() {
        SubmitOptions options = SubmitOptions.defaults().withLimits(50, 10_000_000);
        List<JobShard> shards = client.submitShards(requests(120), options).map(ShardCreated::shard).collectList()
                .block(WAIT);
        assertEquals(3, shards.size());
        assertEquals(List.of(50L, 50L, 20L), shards.stream().map(JobShard::requests).toList());
        assertEquals(List.of(1L, 51L, 101L), shards.stream().map(JobShard::firstRequest).toList());
        assertEquals(List.of(0, 1, 2), shards.stream().map(JobShard::index).toList());
        assertEquals(3, shards.stream().map(JobShard::batchId).distinct().count());

        BatchJob job = new BatchJob(shards, true);
        List<JobProgress> progress = client.watch(job, FAST_POLL).collectList().block(WAIT);
        JobProgress last = progress.get(progress.size() - 1);
        assertTrue(last.isCompleted());
        assertEquals(120, last.total());
        assertEquals(120, last.completed());

        List<BatchResult> results = client.results(job).collectList().block(WAIT);
        assertEquals(120, results.size());
        assertEquals(120, ids(results).size());
        assertTrue(results.stream().allMatch(BatchResult::isSuccess));
    }

    @Test
    void shardsAreCutByEncodedBytesAndNoInputFileExceedsTheLimit() {
        long maxBytes = 4_000;
        List<JobShard> shards = client.submitShards(requests(60),
                SubmitOptions.defaults().withLimits(50_000, maxBytes)).map(ShardCreated::shard).collectList()
                .block(WAIT);
        assertTrue(shards.size() > 1, "60 requests of ~170 bytes do not fit 4,000 bytes");
        assertEquals(60, shards.stream().mapToLong(JobShard::requests).sum());
        for (JobShard shard : shards) {
            FileObject input = client.files().retrieve(shard.inputFileId()).block(WAIT);
            assertEquals(shard.bytes(), input.bytes());
            assertTrue(input.bytes() <= maxBytes, "shard " + shard.index() + " has " + input.bytes() + " bytes");
        }
    }

    @Test
    void interruptedSubmissionResumesWithoutSubmittingAShardTwice(@TempDir Path dir) {
        long batchesBefore = emulator.stats().batchesCreated();
        SubmitOptions options = SubmitOptions.defaults().withLimits(50, 10_000_000);
        Path jobFile = dir.resolve("job.json");
        List<JobShard> firstRun = new ArrayList<>();
        // the process "crashes" after reading 70 requests: shard 0 exists, shard 1 was streaming
        Flux<BatchRequest> crashing = requests(120).take(70).concatWith(Flux.error(new IllegalStateException("crash")));
        StepVerifier.create(client.submitShards(crashing, options).map(ShardCreated::shard).doOnNext(shard -> {
                    firstRun.add(shard);
                    new BatchJob(firstRun, false).save(jobFile);
                }))
                .expectNextCount(1)
                .expectErrorMessage("crash")
                .verify(WAIT);

        BatchJob saved = BatchJob.load(jobFile);
        assertEquals(1, saved.shards().size());
        assertEquals(50, saved.submittedRequests());
        List<JobShard> resumed = client.resumeShards(saved, requests(120), options).map(ShardCreated::shard)
                .collectList().block(WAIT);
        assertEquals(List.of(1, 2), resumed.stream().map(JobShard::index).toList());
        assertEquals(List.of(51L, 101L), resumed.stream().map(JobShard::firstRequest).toList());
        BatchJob job = saved;
        for (JobShard shard : resumed) {
            job = job.with(shard);
        }
        job = job.completed();
        job.save(jobFile);
        assertEquals(job, BatchJob.load(jobFile));
        assertEquals(3, emulator.stats().batchesCreated() - batchesBefore, "no shard was created twice");

        client.watch(job, FAST_POLL).blockLast(WAIT);
        List<BatchResult> results = client.results(job).collectList().block(WAIT);
        assertEquals(120, ids(results).size());
        assertEquals(0, client.resumeShards(job, requests(120), options).count().block(WAIT),
                "a complete job has nothing left to submit");
    }

    @Test
    void aRequestLargerThanABatchIsAClearError() {
        StepVerifier.create(client.submitShards(requests(3), SubmitOptions.defaults().withLimits(10, 50)))
                .expectErrorSatisfies(e -> assertTrue(e.getMessage().contains("more than a batch may hold"),
                        e.getMessage()))
                .verify(WAIT);
    }

    @Test
    void cancellingAJobCancelsEveryRunningShard() {
        EmulatorOptions slow = EmulatorOptions.defaults().withApiKey("k").withPerRequestDelay(Duration.ofMillis(50))
                .withCancellingDelay(Duration.ofMillis(10)).withValidationDelay(Duration.ofMillis(10));
        try (BatchEmulator slowEmulator = BatchEmulator.start(slow);
                BatchClient slowClient = BatchClient.create(BatchClientOptions.builder().apiKey("k")
                        .baseUrl(slowEmulator.baseUrl()).build())) {
            List<JobShard> shards = slowClient.submitShards(requests(40), SubmitOptions.defaults().withLimits(20,
                    1_000_000)).map(ShardCreated::shard).collectList().block(WAIT);
            BatchJob job = new BatchJob(shards, true);
            slowClient.cancel(job).blockLast(WAIT);
            JobProgress end = slowClient.watch(job, FAST_POLL).blockLast(WAIT);
            assertTrue(end.batches().stream().allMatch(b -> b.status().equals(BatchStatus.CANCELLED)),
                    end.batches().toString());
        }
    }
}
