package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.batchflux.Batch;
import io.batchflux.BatchJob;
import io.batchflux.BatchStatus;
import io.batchflux.PollingOptions;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.testing.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** An input over the batch limit: split into batches that create prints, and a job file the other actions take. */
class ShardedJobTest {
    private CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private static Path spec(Path dir, int requests) throws Exception {
        Path file = dir.resolve("big.txt");
        Files.writeString(file, IntStream.rangeClosed(1, requests).mapToObj(i -> "user: question " + i)
                .collect(Collectors.joining(" /// ")));
        return file;
    }

    @Test
    void createSplitsAnInputOverTheLimitAndWatchAndResultsTakeTheJobFile(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("job.json");
        CliHarness.Run create = cli.run("-action", "create", "-file", spec(dir, 12).toString(), "--max-requests", "5",
                "--job", job.toString());
        assertEquals(0, create.code(), create.err());
        assertEquals(3, create.outLines().stream().filter(l -> l.equals("🆕 Batch created.")).count(), create.out());
        assertTrue(create.out().contains("   🧩 Shard 1: requests 1..5 ("), create.out());
        assertTrue(create.out().contains("   🧩 Shard 3: requests 11..12 ("), create.out());
        assertTrue(create.out().contains("🧾 Job file: " + job), create.out());
        BatchJob saved = BatchJob.load(job);
        assertTrue(saved.complete());
        assertEquals(3, saved.shards().size());

        CliHarness.Run watch = cli.run("-action", "watch", "-id", job.toString(), "--poll-interval", "50ms");
        assertEquals(0, watch.code(), watch.err());
        assertTrue(watch.out().contains("3 ended, 12/12 requests done (ok=12 fail=0)"), watch.out());
        assertEquals(3, watch.outLines().stream().filter(l -> l.equals("🏁 Batch finished.")).count());

        CliHarness.Run results = cli.run("results", "--job", job.toString());
        assertEquals(0, results.code(), results.err());
        List<String> lines = results.outLines();
        assertEquals(12, lines.size(), results.out());
        Set<String> ids = new HashSet<>();
        lines.forEach(l -> ids.add(l.substring(l.indexOf("\"custom_id\":\"") + 13, l.indexOf("\"custom_id\":\"") + 16)));
        assertEquals(12, ids.size(), "every request exactly once");
        assertTrue(results.errLines().contains("📊 results: 12 ok, 0 failed, 0 not executed"), results.err());

        // every shard has ended: none is asked to cancel, and none is shown as if it had been
        CliHarness.Run cancel = cli.run("-action", "cancel", "-id", job.toString());
        assertEquals(0, cancel.code(), cancel.err());
        assertEquals(3, cancel.outLines().stream().filter(l -> l.equals("🔎 Batch details.")).count(), cancel.out());
        assertFalse(cancel.out().contains("🛑"), cancel.out());
    }

    @Test
    void resultsOfAJobWithCancelledShardsStillHaveALinePerRequest(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("slow.txt");
        Files.writeString(spec, IntStream.rangeClosed(1, 9).mapToObj(i -> "user: slow " + i + " [[slow]]")
                .collect(Collectors.joining(" /// ")));
        Path job = dir.resolve("job.json");
        CliHarness.Run create = cli.run("-action", "create", "-file", spec.toString(), "--max-requests", "3",
                "--job", job.toString());
        assertEquals(0, create.code(), create.err());
        CliHarness.Run cancel = cli.run("-action", "cancel", "-id", job.toString());
        assertEquals(0, cancel.code(), cancel.err());
        long ran = 0;
        for (String id : BatchJob.load(job).batchIds()) {
            Batch ended = cli.client.awaitCompletion(id, PollingOptions.every(Duration.ofMillis(50)))
                    .block(Duration.ofSeconds(20));
            assertEquals(BatchStatus.CANCELLED, ended.status());
            ran += ended.requestCounts().finished();
        }
        assertTrue(ran < 9, "the cancel came before the end: " + ran + " ran");

        CliHarness.Run results = cli.run("results", "--job", job.toString());
        assertEquals(0, results.code(), results.err());
        List<String> lines = results.outLines();
        List<String> ids = lines.stream()
                .map(l -> l.substring(l.indexOf("\"custom_id\":\"") + 13, l.indexOf("\"custom_id\":\"") + 16)).toList();
        assertEquals(IntStream.rangeClosed(1, 9).mapToObj(i -> String.format("%03d", i)).toList(),
                ids.stream().sorted().toList(), results.out());
        List<Integer> shardOfEachLine = ids.stream().map(id -> (Integer.parseInt(id) - 1) / 3).toList();
        assertEquals(shardOfEachLine.stream().sorted().toList(), shardOfEachLine, "shard after shard");
        assertTrue(results.errLines().stream().noneMatch(l -> l.startsWith("⚠️")), results.err());
        assertEquals(9 - ran, lines.stream().filter(l -> l.contains("\"code\":\"missing\"")).count(), results.out());
        assertTrue(results.errLines().contains("📊 results: " + ran + " ok, 0 failed, " + (9 - ran) + " not executed"),
                results.err());
    }

    @Test
    void runOverTheLimitCreatesWatchesAndReadsEveryShard(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.jsonl");
        CliHarness.Run run = cli.run("run", "-file", spec(dir, 7).toString(), "--max-requests", "3",
                "--job", dir.resolve("job.json").toString(), "--output", out.toString(), "--poll-interval", "50ms");
        assertEquals(0, run.code(), run.err());
        assertEquals(3, run.outLines().stream().filter(l -> l.equals("🆕 Batch created.")).count(), run.out());
        assertEquals(7, Files.readAllLines(out).size());
        assertTrue(run.out().endsWith("🎉 Done.\n"), run.out());
    }

    @Test
    void anInputThatFitsIsOneBatchWithTheOriginalOutputAndNoJobFile(@TempDir Path dir) throws Exception {
        CliHarness.Run create = cli.run("-action", "create", "-file", spec(dir, 3).toString());
        assertEquals(0, create.code(), create.err());
        assertEquals(1, create.outLines().stream().filter(l -> l.equals("🆕 Batch created.")).count());
        assertTrue(create.outLines().stream().noneMatch(l -> l.contains("🧩") || l.contains("🧾")), create.out());
    }

    @Test
    void anInputFoundOverTheLimitWhileUploadingIsSplitAndLeavesNoFileBehind(@TempDir Path dir) throws Exception {
        // no job file named: create first streams the input into one upload, meets the limit, aborts, then splits
        CliHarness.Run create = cli.run("-action", "create", "-file", spec(dir, 12).toString(), "--max-requests", "5");
        deleteJobFile(create);
        assertEquals(0, create.code(), create.err());
        assertEquals(3, create.outLines().stream().filter(l -> l.equals("🆕 Batch created.")).count(), create.out());
        assertTrue(create.out().contains("   🧩 Shard 3: requests 11..12 ("), create.out());
        assertEquals(3, cli.client.files().list("batch", null, 100).block().data().size(),
                "one file per batch, none from the aborted attempt");
        assertEquals(3, cli.client.batches().list(null, 100).block().data().size());
    }

    @Test
    void runOfAnInputFoundOverTheLimitWhileUploadingBecomesAJob(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.jsonl");
        CliHarness.Run run = cli.run("run", "-file", spec(dir, 7).toString(), "--max-requests", "3",
                "--output", out.toString(), "--poll-interval", "50ms");
        deleteJobFile(run);
        assertEquals(0, run.code(), run.err());
        assertEquals(3, run.outLines().stream().filter(l -> l.equals("🆕 Batch created.")).count(), run.out());
        assertEquals(7, Files.readAllLines(out).size());
        assertEquals(3, cli.client.files().list("batch", null, 100).block().data().size(),
                "one input file per batch, none from the aborted attempt");
    }

    /** A job created without --job writes its file into the working directory; the test removes it. */
    private static void deleteJobFile(CliHarness.Run run) throws Exception {
        String jobLine = run.outLines().stream().filter(l -> l.startsWith("🧾 Job file: ")).findFirst().orElse("");
        if (!jobLine.isEmpty()) {
            Files.deleteIfExists(Path.of(jobLine.substring("🧾 Job file: ".length(), jobLine.indexOf(" ("))));
        }
    }

    @Test
    void anInvalidRequestInAnInputThatFitsUploadsNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "user: one /// user: two /// no colon here /// user: four");
        CliHarness.Run create = cli.run("-action", "create", "-file", file.toString());
        assertEquals(Main.EXIT_USAGE, create.code(), create.out());
        assertTrue(create.err().contains("request 3"), create.err());
        assertEquals(0, cli.client.files().list(null, null, 100).block().data().size(), "nothing stored");
        assertEquals(0, cli.client.batches().list(null, 100).block().data().size(), "no batch");
    }

    @Test
    void runOfAnInputWithinTheCountButOverTheBytesBecomesAJob(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("wide.txt");
        Files.writeString(spec, IntStream.rangeClosed(1, 6).mapToObj(i -> "user: " + "x".repeat(300) + i)
                .collect(Collectors.joining(" /// ")));
        Path out = dir.resolve("results.jsonl");
        CliHarness.Run run = cli.run("run", "-file", spec.toString(), "--max-bytes", "1000", "--output",
                out.toString(), "--poll-interval", "50ms");
        deleteJobFile(run);
        assertEquals(0, run.code(), run.err());
        assertTrue(run.outLines().stream().filter(l -> l.equals("🆕 Batch created.")).count() > 1, run.out());
        assertEquals(6, Files.readAllLines(out).size());
    }

    @Test
    void runWithAnInvalidRequestLeavesAnEarlierOutputFileAlone(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("bad.txt");
        Files.writeString(spec, "user: one /// no colon here");
        Path out = dir.resolve("results.jsonl");
        Files.writeString(out, "earlier results\n");
        CliHarness.Run run = cli.run("run", "-file", spec.toString(), "--output", out.toString());
        assertEquals(Main.EXIT_USAGE, run.code(), run.err());
        assertEquals("earlier results\n", Files.readString(out));
    }

    @Test
    void aBlankInputIsAnInputErrorAndStoresNothing(@TempDir Path dir) throws Exception {
        Path blank = dir.resolve("blank.txt");
        Files.writeString(blank, "  \n /// \n");
        for (String action : List.of("create", "run")) {
            CliHarness.Run run = cli.run("-action", action, "-file", blank.toString());
            assertEquals(Main.EXIT_USAGE, run.code(), action + ": " + run.err());
            assertTrue(run.err().contains("no requests"), run.err());
        }
        CliHarness.Run job = cli.run("-action", "create", "-file", blank.toString(), "--job",
                dir.resolve("job.json").toString());
        assertEquals(Main.EXIT_USAGE, job.code(), job.err());
        assertEquals(0, cli.client.files().list(null, null, 100).block().data().size(), "nothing stored");
    }

    @Test
    void aRequestLargerThanABatchIsBadInputAndStoresNothing() {
        String big = "x".repeat(500);
        for (String noShard : List.of("--no-shard=false", "--no-shard")) {
            CliHarness.Run create = cli.run("-action", "create", "-requests",
                    "user: hi /// user: " + big + " /// user: yo", "--max-bytes", "300", noShard);
            assertEquals(Main.EXIT_USAGE, create.code(), create.all());
            // one line, not Reactor's 'Multiple exceptions', and no advice to split what no split can take
            assertEquals(List.of("❌ request 002 alone is 638 bytes of JSONL, more than a batch may hold (300)"),
                    create.errLines(), noShard);
            assertEquals(0, cli.client.files().list(null, null, 100).block().data().size(), "nothing stored");
            assertEquals(0, cli.client.batches().list(null, 100).block().data().size(), "no batch");
        }
    }

    @Test
    void aTooLargeRequestAfterAShardBoundaryIsFoundBeforeAnyBatchIsCreated(@TempDir Path dir) {
        Path jobFile = dir.resolve("job.json");
        for (String[] flags : List.of(new String[] {"--job", jobFile.toString()}, new String[0])) {
            // with --job the input is validated first; without, the one-batch attempt meets the limit first
            List<String> args = new ArrayList<>(List.of("-action", "create", "-requests",
                    "user: hi /// user: yo /// user: ho /// user: " + "x".repeat(500), "--max-requests", "1",
                    "--max-bytes", "300"));
            args.addAll(List.of(flags));
            CliHarness.Run create = cli.run(args.toArray(String[]::new));
            assertEquals(Main.EXIT_USAGE, create.code(), create.all());
            assertEquals(List.of("❌ request 004 alone is 638 bytes of JSONL, more than a batch may hold (300)"),
                    create.errLines(), create.all());
            assertEquals(0, cli.client.batches().list(null, 100).block().data().size(), "no batch");
            assertEquals(0, cli.client.files().list(null, null, 100).block().data().size(), "nothing stored");
            assertFalse(Files.exists(jobFile));
        }
    }

    @Test
    void aFailureAfterTheFirstShardLeavesTheCreatedBatchesInAJobFile(@TempDir Path dir) {
        // an emulator whose files hold 1,000 bytes: the first shard fits, the second (two ~840-byte lines) not
        try (BatchEmulator small = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(CliHarness.KEY)
                .withMaxFileBytes(1000))) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", small.baseUrl());
            Path jobFile = dir.resolve("job.json");
            CliHarness.Run create = CliHarness.run(env, "-action", "create", "-requests",
                    "user: a /// user: b /// user: " + "x".repeat(700) + " /// user: " + "y".repeat(700),
                    "--max-requests", "2", "--job", jobFile.toString());
            assertEquals(Main.EXIT_FAILURE, create.code(), create.all());
            String line = create.errLines().get(create.errLines().size() - 1);
            // never "nothing was stored": the created batch is in the job file, and the message says where
            assertTrue(line.contains("1 batch(es) of this job were created before it (job file " + jobFile), line);
            assertEquals(1, BatchJob.load(jobFile).shards().size(), create.all());
        }
    }

    @Test
    void theFirstShardIsInTheJobFileBeforeTheSecondHasBeenSent(@TempDir Path dir) throws Exception {
        firstShardRecordedWhileTheSecondStreams(dir, "--max-requests", "5");
    }

    @Test
    void theFirstShardOfAnInputSplitByBytesIsInTheJobFileToo(@TempDir Path dir) throws Exception {
        firstShardRecordedWhileTheSecondStreams(dir, "--max-bytes", "800");
    }

    private static void firstShardRecordedWhileTheSecondStreams(Path dir, String limit, String value)
            throws Exception {
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger uploadsAfterIt = new AtomicInteger();
        Path jobFile = Path.of("batchflux-job-batch_1.json"); // no --job: the working directory, by its first batch
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.uri().endsWith("/files")) {
                if (batches.get() == 0) {
                    return req.receive().then(json(res, "{\"id\":\"file-1\",\"object\":\"file\"}"));
                }
                // the next shard's upload never gets an answer: a long upload, during which the CLI is killed
                uploadsAfterIt.incrementAndGet();
                return Mono.never();
            }
            if (req.uri().endsWith("/batches")) {
                batches.incrementAndGet();
                return req.receive().then(json(res, "{\"id\":\"batch_1\",\"object\":\"batch\","
                        + "\"status\":\"validating\",\"input_file_id\":\"file-1\"}"));
            }
            return json(res, "{\"object\":\"list\",\"data\":[],\"has_more\":false}");
        })) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", server.baseUrl());
            String spec = spec(dir, 12).toString();
            Thread create = new Thread(() -> CliHarness.run(env, "-action", "create", "-file", spec, limit, value));
            create.setDaemon(true);
            create.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((uploadsAfterIt.get() == 0 || !Files.isRegularFile(jobFile)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, uploadsAfterIt.get(), "the second shard is being sent");
            assertTrue(Files.isRegularFile(jobFile), "the running batch is recorded before the next shard ends");
            assertEquals(List.of("batch_1"), BatchJob.load(jobFile).batchIds());
        } finally {
            Files.deleteIfExists(jobFile); // the server is closed: the CLI stops, saving the file again
            Thread.sleep(500);
            Files.deleteIfExists(jobFile);
        }
    }

    private static Mono<Void> json(reactor.netty.http.server.HttpServerResponse res, String body) {
        return res.status(200).header("content-type", "application/json").sendString(Mono.just(body)).then();
    }

    /** A named pipe in {@code dir} that a daemon thread fills with {@code text} once a reader opens it. */
    private static Path pipe(Path dir, String text) throws Exception {
        Path fifo = Files.createDirectories(dir).resolve("requests.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is needed for this test");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, text); // blocks until the CLI opens the pipe
            } catch (java.io.IOException e) {
                // the reader went away early: what it read is what the test checks
            }
        });
        writer.setDaemon(true);
        writer.start();
        return fifo;
    }

    @Test
    void aPipeIsReadOnceIntoOneBatchAndRefusedWhenItHoldsMore(@TempDir Path dir) throws Exception {
        String spec = "user: a /// user: b /// user: c";
        CliHarness.Run create = cli.run("-action", "create", "-file", pipe(dir.resolve("1"), spec).toString());
        assertEquals(0, create.code(), create.all());
        String id = cli.client.batches().list(null, 1).block().data().get(0).id();
        Batch ended = cli.client.awaitCompletion(id, PollingOptions.every(Duration.ofMillis(50)))
                .block(Duration.ofSeconds(20));
        assertEquals(3, ended.requestCounts().total(), ended.toString());

        int files = cli.client.files().list(null, null, 100).block().data().size();
        CliHarness.Run tooMany = cli.run("-action", "create", "-file", pipe(dir.resolve("2"), spec).toString(),
                "--max-requests", "2");
        assertEquals(Main.EXIT_USAGE, tooMany.code(), tooMany.all());
        assertTrue(tooMany.err().contains("(not a regular file) holds more than one batch (maxRequests 2 exceeded at "
                + "request custom_id \"003\"), and it is read once, so create and run cannot split it into several: "
                + "save it to a file and give that with -file"), tooMany.err());
        CliHarness.Run noShard = cli.run("-action", "create", "-file", pipe(dir.resolve("4"), spec).toString(),
                "--max-requests", "2", "--no-shard");
        assertEquals(Main.EXIT_USAGE, noShard.code(), noShard.all());
        assertFalse(noShard.err().contains("without --no-shard"), "no job could take it either: " + noShard.err());
        assertEquals(files, cli.client.files().list(null, null, 100).block().data().size(), "nothing stored");
        assertEquals(1, cli.client.batches().list(null, 100).block().data().size(), "no second batch");

        Path unopened = dir.resolve("unopened.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", unopened.toString()).start().waitFor());
        CliHarness.Run job = cli.run("-action", "run", "-file", unopened.toString(), "--job",
                dir.resolve("job.json").toString());
        assertEquals(Main.EXIT_USAGE, job.code(), job.all());
        assertTrue(job.err().contains("--job needs a request file that can be read twice"), job.err());
    }

    @Test
    void aDirectoryIsNotARequestFileAndTheFlagsAreCheckedBeforeTheFile(@TempDir Path dir) {
        CliHarness.Run create = cli.run("-action", "create", "-file", dir.toString());
        assertEquals(Main.EXIT_USAGE, create.code(), create.all());
        assertEquals(List.of("❌ -file " + dir + " is a directory, not a request file"), create.errLines());
        String missing = dir.resolve("missing.txt").toString();
        assertEquals(List.of("❌ provide either -requests or -file for create, not both"),
                cli.run("create", "-requests", "user: hi", "-file", missing).errLines());
        assertEquals(List.of("❌ --max-requests must be a positive number, got 0"),
                cli.run("create", "-file", dir.toString(), "--max-requests", "0").errLines());
        List<String> run = cli.run("run", "-file", missing).errLines(); // run's story goes to stderr
        assertEquals("❌ request file not found: " + missing, run.get(run.size() - 1));
    }

    @Test
    void noShardRefusesAnInputOverTheLimit(@TempDir Path dir) throws Exception {
        CliHarness.Run create = cli.run("-action", "create", "-file", spec(dir, 6).toString(), "--max-requests",
                "5", "--no-shard");
        assertEquals(Main.EXIT_USAGE, create.code(), create.out());
        assertTrue(create.err().startsWith("❌ ") || create.err().contains("\n❌ "), create.err());
        assertTrue(create.err().contains("5"), create.err());
        assertTrue(create.err().contains("without --no-shard, create and run split it themselves"), create.err());
    }
}
