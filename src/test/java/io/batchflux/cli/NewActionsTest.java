package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.Batch;
import io.batchflux.BatchStatus;
import io.batchflux.PollingOptions;
import io.batchflux.json.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** watch, results, run, demo, emulator and --json. */
class NewActionsTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    private static JsonNode json(String line) {
        return WireJson.mapper().readTree(line);
    }

    @Test
    void watchInPlainModePrintsOneLinePerChangeThenTheFinalBlockAndDone() {
        // [[slow]]: 200 ms per request, so the watch sees the batch move even on a loaded machine
        Batch batch = cli.submit("user: one [[slow]] /// user: two [[slow]] /// user: three [[slow]] "
                + "/// user: four [[slow]]");
        CliHarness.Run run = cli.run("watch", "-id", batch.id(), "--poll-interval", "50ms");
        assertEquals(0, run.code(), run.err());
        List<String> progress = run.outLines().stream().filter(l -> l.startsWith("⏳ ")).toList();
        assertTrue(progress.size() >= 2, run.out());
        for (String line : progress) {
            assertTrue(line.matches("⏳ " + batch.id() + " \\w+ \\d+/\\d+ done \\(ok=\\d+ fail=\\d+\\) elapsed \\d\\d:\\d\\d"),
                    line);
        }
        assertEquals("⏳ " + batch.id() + " completed 4/4 done (ok=4 fail=0)",
                progress.get(progress.size() - 1).replaceAll(" elapsed .*", ""));
        assertTrue(run.out().contains("🏁 Batch finished.\n   🆔 ID: " + batch.id() + "\n"), run.out());
        assertTrue(run.out().contains("   🧭 Status: completed\n"));
        assertTrue(run.out().endsWith("🎉 Done.\n"));
    }

    @Test
    void watchOfACancelledBatchExitsWithThreeAndNoDone() {
        Batch batch = cli.submit("user: a [[slow]] /// user: b [[slow]] /// user: c [[slow]] /// user: d /// user: e");
        cli.client.batches().cancel(batch.id()).block();
        CliHarness.Run run = cli.run("watch", "-id", batch.id(), "--poll-interval", "50ms");
        assertEquals(Main.EXIT_NOT_COMPLETED, run.code(), run.all());
        assertFalse(run.out().contains("🎉 Done."));
        assertEquals(List.of("❌ batch " + batch.id() + " ended cancelled, not completed"), run.errLines());
    }

    @Test
    void resultsWritesOneJsonlLinePerRequestWithAFailureAndSummaryOnStderr() {
        Batch batch = cli.completed("user: Hello /// user: broken [[fail:400]]");
        CliHarness.Run run = cli.run("results", "-id", batch.id());
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.outLines();
        assertEquals(2, lines.size(), "stdout carries only JSONL: " + run.out());
        JsonNode ok = json(lines.get(0));
        assertEquals("001", ok.get("custom_id").asString());
        assertEquals(200, ok.get("status_code").asInt());
        assertEquals("echo: Hello", ok.at("/body/choices/0/message/content").asString());
        JsonNode failed = json(lines.get(1));
        assertEquals("002", failed.get("custom_id").asString());
        assertEquals(400, failed.get("status_code").asInt());
        assertEquals("emulated_failure", failed.at("/error/code").asString());
        assertFalse(failed.has("body"));
        assertTrue(run.err().startsWith("🚀 Using configuration:"), "the header goes to stderr: " + run.err());
        assertTrue(run.errLines().contains("📊 results: 1 ok, 1 failed, 0 not executed"), run.err());
    }

    @Test
    void resultsOfACancelledBatchStillHaveALinePerRequest() {
        Batch cancelled = cancelledSoonAfterSubmit(
                "user: a [[slow]] /// user: b [[slow]] /// user: c [[slow]] /// user: d /// user: e");
        long ran = cancelled.requestCounts().finished();
        assertTrue(ran < 5, "the cancel came before the end: " + cancelled.requestCounts());
        CliHarness.Run run = cli.run("results", "-id", cancelled.id());
        assertEquals(0, run.code(), run.err());
        List<JsonNode> lines = run.outLines().stream().map(NewActionsTest::json).toList();
        assertEquals(List.of("001", "002", "003", "004", "005"),
                lines.stream().map(l -> l.get("custom_id").asString()).sorted().toList(), run.out());
        assertEquals(5 - ran, lines.stream().filter(l -> "missing".equals(l.at("/error/code").asString())).count());
        assertTrue(run.errLines().contains("📊 results: " + ran + " ok, 0 failed, " + (5 - ran) + " not executed"),
                run.err());
    }

    @Test
    void resultsOfACancelledBatchWhoseInputIsGoneStillPrintTheResults() {
        Batch cancelled = cancelledSoonAfterSubmit("user: a [[slow]] /// user: b [[slow]] /// user: c");
        cli.client.files().delete(cancelled.inputFileId()).block();
        CliHarness.Run run = cli.run("results", "-id", cancelled.id());
        assertEquals(0, run.code(), run.err());
        assertEquals(cancelled.requestCounts().finished(), run.outLines().size(), run.out());
        assertTrue(run.errLines().stream().anyMatch(l -> l.startsWith("⚠️  cannot read input file "
                + cancelled.inputFileId() + " to name the requests the batch never ran")), run.err());
    }

    /** A batch of {@code spec} cancelled right after its creation, once it has ended. */
    private Batch cancelledSoonAfterSubmit(String spec) {
        Batch batch = cli.submit(spec);
        cli.client.batches().cancel(batch.id()).block();
        Batch cancelled = cli.client.awaitCompletion(batch.id(), PollingOptions.every(Duration.ofMillis(50)))
                .block(Duration.ofSeconds(20));
        assertEquals(BatchStatus.CANCELLED, cancelled.status());
        return cancelled;
    }

    @Test
    void oneDashSpellingsOfTheNewFlagsWorkEndToEnd() {
        cli.submit("user: listed");
        CliHarness.Run run = cli.run("list", "-json", "-limit=1");
        assertEquals(0, run.code(), run.all());
        assertEquals("list", json(run.outLines().get(0)).get("object").asString(), run.out());
    }

    @Test
    void resultsToAnOutputFileKeepsStdoutForTheStory(@TempDir Path dir) throws Exception {
        Batch batch = cli.completed("user: Hello");
        Path file = dir.resolve("out.jsonl");
        CliHarness.Run run = cli.run("-action=results", "-id=" + batch.id(), "--output", file.toString());
        assertEquals(0, run.code(), run.err());
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        assertEquals("001", json(lines.get(0)).get("custom_id").asString());
        assertTrue(run.out().startsWith("🚀 Using configuration:"));
        assertTrue(run.out().endsWith("🎉 Done.\n"));
        assertEquals(List.of("📊 results: 1 ok, 0 failed, 0 not executed"), run.errLines());
    }

    @Test
    void runCreatesWatchesAndWritesResultsEndToEnd(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        CliHarness.Run run = cli.run("run", "-requests", "user: Hello /// user: no [[fail:400]] /// user: Bye",
                "--output", file.toString(), "--poll-interval", "50ms");
        assertEquals(0, run.code(), run.all());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals(List.of("001", "003", "002"), lines.stream().map(l -> json(l).get("custom_id").asString()).toList());
        assertTrue(run.out().contains("🆕 Batch created.\n"));
        assertTrue(run.out().contains("   📦 Uploaded: 3 requests, "));
        assertTrue(run.out().contains("🏁 Batch finished.\n"));
        assertTrue(run.out().contains("   📊 Requests: total=3 ok=2 fail=1\n"));
        assertTrue(run.out().endsWith("🎉 Done.\n"));
        assertTrue(run.err().contains("📊 results: 2 ok, 1 failed, 0 not executed"));
    }

    @Test
    void runToStdoutPutsProgressOnStderr() {
        CliHarness.Run run = cli.run("run", "-requests", "user: Hello", "--poll-interval", "50ms");
        assertEquals(0, run.code(), run.all());
        assertEquals(1, run.outLines().size(), run.out());
        assertEquals("echo: Hello", json(run.outLines().get(0)).at("/body/choices/0/message/content").asString());
        assertTrue(run.err().contains("⏳ "));
        assertTrue(run.err().contains("🎉 Done."));
    }

    @Test
    void demoRunsWithoutAnyKeyOrServer() {
        CliHarness.Run run = CliHarness.run(Map.of(), "demo");
        assertEquals(0, run.code(), run.all());
        String out = run.out();
        assertTrue(out.contains("   🎛️  Action: demo\n"));
        assertTrue(out.contains("🧪 Demo against an in-process Batch API emulator at http://127.0.0.1:"), out);
        assertTrue(out.contains("🆕 Batch created."));
        assertTrue(out.contains("🏁 Batch finished."));
        assertTrue(out.contains("[001] status=200\n  content: echo: Hello\n"), out);
        assertTrue(out.contains("[002] status=200\n  content: echo: How are you?\n"), out);
        assertTrue(Pattern.compile("\\[005] status=400\n  error: emulated_failure: ").matcher(out).find(), out);
        assertTrue(out.contains("📊 results: 4 ok, 1 failed, 0 not executed\n🎉 Done.\n"), out);
        assertFalse(run.all().contains("sk-emulator"), "the emulator's generated key is never shown");
    }

    @Test
    void emulatorCommandServesUntilInterruptedAndTheCliTalksToIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        AtomicInteger code = new AtomicInteger(-1);
        Thread thread = new Thread(() -> code.set(new Main(Map.<String, String>of()::get, ps, ps, false)
                .run("emulator", "--port", "0")));
        thread.start();
        Pattern url = Pattern.compile("export OPENAI_BASE_URL=(http://127\\.0\\.0\\.1:\\d+/v1) OPENAI_API_KEY=anything");
        Matcher m = url.matcher("");
        for (int i = 0; i < 200 && !(m = url.matcher(out.toString(StandardCharsets.UTF_8))).find(); i++) {
            Thread.sleep(25);
        }
        assertTrue(m.find(0), out.toString(StandardCharsets.UTF_8));
        String baseUrl = m.group(1);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("🧪 Batch API emulator listening on " + baseUrl));
        CliHarness.Run list = CliHarness.run(Map.of("OPENAI_BASE_URL", baseUrl, "OPENAI_API_KEY", "anything"),
                "-action", "list");
        assertEquals(0, list.code(), list.err());
        thread.interrupt();
        thread.join(10_000);
        assertEquals(0, code.get());
        HttpClient http = HttpClient.newHttpClient();
        boolean refused = false;
        try {
            http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/batches")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            refused = true;
        }
        assertTrue(refused, "the emulator is closed after the interrupt");
    }

    @Test
    void jsonOutputIsOneParseableObjectPerLineWithoutHeader() {
        CliHarness.Run created = cli.run("-action", "create", "-requests", "user: Hello", "--json");
        assertEquals(0, created.code(), created.err());
        assertEquals(1, created.outLines().size(), created.out());
        JsonNode batch = json(created.outLines().get(0));
        assertEquals("batch", batch.get("object").asString());
        assertTrue(batch.get("created_at").isNumber());
        assertEquals("validating", batch.get("status").asString());
        assertFalse(batch.has("terminal"));

        Batch done = cli.completed("user: Hi");
        CliHarness.Run get = cli.run("-action", "get", "-id", done.id(), "--json");
        assertEquals(0, get.code(), get.err());
        assertEquals(2, get.outLines().size(), get.out());
        assertEquals("completed", json(get.outLines().get(0)).get("status").asString());
        assertEquals("echo: Hi", json(get.outLines().get(1)).at("/body/choices/0/message/content").asString());

        CliHarness.Run list = cli.run("-action", "list", "-limit", "1", "--json");
        assertEquals(0, list.code(), list.err());
        assertEquals(1, list.outLines().size(), list.out());
        JsonNode page = json(list.outLines().get(0));
        assertEquals("list", page.get("object").asString());
        assertEquals(1, page.get("data").size());
        assertTrue(page.get("has_more").asBoolean());
        assertEquals("", list.err());
    }
}
