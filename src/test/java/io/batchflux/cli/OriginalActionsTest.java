package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.Batch;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The four actions of the Go original, printed to the character of docs/cli-output.md. */
class OriginalActionsTest {
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    static Path resource(String name) throws Exception {
        return Path.of(OriginalActionsTest.class.getResource("/cli/" + name).toURI());
    }

    private static void assertLines(List<String> expectedPatterns, List<String> actual) {
        assertEquals(expectedPatterns.size(), actual.size(), "line count of:\n" + String.join("\n", actual));
        for (int i = 0; i < expectedPatterns.size(); i++) {
            assertTrue(Pattern.matches(expectedPatterns.get(i), actual.get(i)),
                    "line " + (i + 1) + " '" + actual.get(i) + "' should match '" + expectedPatterns.get(i) + "'");
        }
    }

    @Test
    void headerBlockIsExactAndComesFirst() {
        CliHarness.Run run = cli.run("-action", "list");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of("🚀 Using configuration:", "   📝 Model Name: gpt-4o-mini", "   🎛️  Action: list",
                "   🔑 OpenAI SDK reads OPENAI_API_KEY and OPENAI_BASE_URL from env", ""),
                run.outLines().subList(0, 5));
    }

    @Test
    void createInlineReadmeExamplePrintsTheCreatedBlockAndDone() {
        CliHarness.Run run = cli.run("-action", "create", "-requests",
                "system: You are a helpful assistant. || user: Hello /// system: You are a helpful assistant. "
                        + "|| user: How are you?");
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        assertLines(List.of(
                "🚀 Using configuration:", "   📝 Model Name: gpt-4o-mini", "   🎛️  Action: create",
                "   🔑 OpenAI SDK reads OPENAI_API_KEY and OPENAI_BASE_URL from env", "",
                "🆕 Batch created.",
                "   🆔 ID: batch_\\w+",
                "   🔗 Endpoint: /v1/chat/completions",
                "   🕐 Created: " + TIME,
                "   🧭 Status: validating",
                "   📥 Input File: file-\\w+",
                "   📊 Requests: total=\\d+ ok=0 fail=0",
                "🎉 Done."), run.outLines());
    }

    @Test
    void createAcceptsEqualsAndDoubleDashSpellings() {
        CliHarness.Run run = cli.run("--action=create", "-model=gpt-4.1-nano", "--requests=user: Hi");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("   📝 Model Name: gpt-4.1-nano"));
        assertTrue(run.out().contains("🆕 Batch created."));
    }

    @Test
    void createFromSpecFileAndFromJsonlFile() throws Exception {
        for (String file : List.of("requests.txt", "requests.jsonl")) {
            CliHarness.Run run = cli.run("-action", "create", "-file", resource(file).toString());
            assertEquals(0, run.code(), file + ": " + run.err());
            assertTrue(run.out().contains("🆕 Batch created.\n   🆔 ID: batch_"), run.out());
            assertTrue(run.out().endsWith("🎉 Done.\n"), run.out());
        }
    }

    @Test
    void getOnCompletedBatchPrintsDetailsAndParsedOutputFile() {
        Batch batch = cli.completed("system: You are a helpful assistant. || user: Hello /// user: How are you?");
        CliHarness.Run run = cli.run("-action", "get", "-id", batch.id());
        assertEquals(0, run.code(), run.err());
        List<String> lines = run.outLines().subList(5, run.outLines().size());
        assertLines(List.of(
                "🔎 Batch details.",
                "   🆔 ID: " + batch.id(),
                "   🔗 Endpoint: /v1/chat/completions",
                "   🕐 Created: " + TIME,
                "   🧭 Status: completed",
                "   📥 Input File: file-\\w+",
                "   📤 Output File: " + batch.outputFileId(),
                "   📊 Requests: total=2 ok=2 fail=0",
                "",
                "📥 Downloading and parsing output file: " + batch.outputFileId(),
                "\\[001] status=200",
                "  content: echo: Hello",
                "\\[002] status=200",
                "  content: echo: How are you\\?",
                "🎉 Done."), lines);
    }

    @Test
    void cancelPrintsCancelRequestedBlock() {
        Batch batch = cli.submit("user: one [[slow]] /// user: two [[slow]] /// user: three [[slow]]");
        CliHarness.Run run = cli.run("-action", "cancel", "-id", batch.id());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("🛑 Batch cancel requested.\n   🆔 ID: " + batch.id() + "\n"), run.out());
        assertTrue(Pattern.compile("   🧭 Status: (cancelling|cancelled)\n").matcher(run.out()).find(), run.out());
        assertTrue(run.out().endsWith("🎉 Done.\n"));
    }

    @Test
    void listWithLimitAndAfterPagesWithTheMoreAvailableLine() {
        cli.submit("user: a");
        cli.submit("user: b");
        cli.submit("user: c");
        CliHarness.Run first = cli.run("-action", "list", "-limit", "2");
        assertEquals(0, first.code(), first.err());
        List<String> lines = first.outLines().subList(5, first.outLines().size());
        assertEquals("📃 Listing up to 2 batches.", lines.get(0));
        List<String> numbered = lines.stream().filter(l -> l.matches(" \\d\\. id=.*")).toList();
        assertEquals(2, numbered.size(), first.out());
        assertTrue(numbered.get(0).matches(" 1\\. id=batch_\\w+ status=\\w+ created=" + TIME
                + " requests\\(total=\\d+,ok=\\d+,fail=\\d+\\)"), numbered.get(0));
        String secondId = numbered.get(1).replaceAll(" 2\\. id=(\\S+) .*", "$1");
        assertTrue(lines.contains("     ⏰ Window: 24h"), first.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("     ⏳ Expires: " + TIME)), first.out());
        assertEquals("➡️  More available. Use --after=" + secondId + " for next page.", lines.get(lines.size() - 2));
        assertEquals("", lines.get(lines.size() - 3), "a blank line after each batch");
        assertEquals("🎉 Done.", lines.get(lines.size() - 1));

        CliHarness.Run next = cli.run("-action", "list", "-limit", "2", "-after", secondId);
        assertEquals(0, next.code(), next.err());
        assertTrue(next.out().contains("📃 Listing up to 2 batches (after=" + secondId + ").\n"), next.out());
        assertFalse(next.out().contains("id=" + secondId + " "), "the cursor's batch is not repeated");
    }

    @Test
    void listLimitZeroMeansFiveAsInTheOriginal() {
        CliHarness.Run run = cli.run("-action", "list", "-limit", "0");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("📃 Listing up to 5 batches.\n"));
    }

    @Test
    void defaultActionIsList() {
        CliHarness.Run run = cli.run();
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("   🎛️  Action: list\n"));
    }
}
