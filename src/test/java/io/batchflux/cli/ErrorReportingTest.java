package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.testing.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** Every failure is one {@code ❌} line on stderr, no {@code 🎉 Done.}, a distinct exit code, and never the key. */
class ErrorReportingTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    /** The one error line; the header may precede it (on stderr when stdout is reserved for JSONL). */
    private static String errorLine(CliHarness.Run run) {
        List<String> lines = run.errLines();
        if (!lines.isEmpty() && lines.get(0).equals("🚀 Using configuration:")) {
            lines = lines.subList(5, lines.size());
        }
        assertEquals(1, lines.size(), "exactly one line on stderr: " + run.err());
        assertTrue(lines.get(0).startsWith("❌ "), lines.get(0));
        assertFalse(run.out().contains("🎉 Done."), run.out());
        assertFalse(run.all().contains(CliHarness.KEY), "the key must never be printed");
        return lines.get(0);
    }

    @Test
    void missingKeySaysHowToSetItAndMentionsTheKeylessOptions() {
        CliHarness.Run run = CliHarness.run(Map.of(), "-action", "list");
        assertEquals(Main.EXIT_USAGE, run.code());
        String line = errorLine(run);
        assertTrue(line.contains("OPENAI_API_KEY is not set: export OPENAI_API_KEY=sk-..."), line);
        assertTrue(line.contains("demo") && line.contains("--emulator"), line);
    }

    @Test
    void invalidSpecNamesItsPositionAndUploadsNothing() {
        long uploadsBefore = cli.emulator.storedFileCount();
        CliHarness.Run run = cli.run("-action", "create", "-requests", "user: Hello /// this has no colon");
        assertEquals(Main.EXIT_USAGE, run.code());
        String line = errorLine(run);
        assertTrue(line.startsWith("❌ invalid request spec at request 2, message 1 (line 1, byte "), line);
        assertTrue(line.contains("invalid message format"), line);
        assertEquals(uploadsBefore, cli.emulator.storedFileCount(), "nothing was uploaded");
    }

    @Test
    void missingRequestsAndMissingFileAreUsageErrors() {
        CliHarness.Run none = cli.run("-action", "create");
        assertEquals(Main.EXIT_USAGE, none.code());
        assertEquals("❌ provide -requests or -file for create", errorLine(none));

        CliHarness.Run missing = cli.run("-action", "create", "-file", "/no/such/requests.txt");
        assertEquals(Main.EXIT_USAGE, missing.code());
        assertEquals("❌ request file not found: /no/such/requests.txt", errorLine(missing));
    }

    @Test
    void missingIdIsAUsageErrorNamingTheAction() {
        for (String action : List.of("get", "cancel", "watch", "results")) {
            CliHarness.Run run = cli.run("-action", action);
            assertEquals(Main.EXIT_USAGE, run.code(), action);
            assertEquals("❌ id is required for " + action, errorLine(run));
        }
    }

    @Test
    void limitAboveOneHundredIsRejected() {
        CliHarness.Run run = cli.run("-action", "list", "-limit", "101");
        assertEquals(Main.EXIT_USAGE, run.code());
        assertEquals("❌ -limit must be between 1 and 100, got 101", errorLine(run));
    }

    @Test
    void anErrorQuotingAMultiLineInputIsStillOneLine() {
        CliHarness.Run run = cli.run("-action", "create", "-requests", "user: hi || no colon\nsecond line");
        assertEquals(Main.EXIT_USAGE, run.code());
        assertEquals(List.of("❌ invalid request spec at request 1, message 2 (line 1, byte 12): invalid message format "
                + "\"no colon\\nsecond line\" (expected \"role: content\")"), run.errLines());
    }

    @Test
    void aBadFlagValueWithControlCharactersIsStillOneErrorLine() {
        CliHarness.Run run = cli.run("list", "--max-bytes", "1\n\u001b[31mred");
        assertEquals(Main.EXIT_USAGE, run.code());
        assertTrue(run.errLines().get(0).startsWith("❌ ") && run.errLines().get(0).contains("1\\n\\u001b[31mred"),
                run.err());
        assertEquals(2, run.errLines().size(), "the error, then the pointer to --help: " + run.err());
        CliHarness.Run action = cli.run("li\u001bst");
        assertTrue(action.out().contains("   🎛️  Action: li\\u001bst\n"), action.out());
        assertFalse(action.all().contains("\u001b"), action.all());
    }

    @Test
    void aFailedBatchsServerMessageIsOneLineWithoutTheKey() {
        String failed = "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"failed\",\"created_at\":1730000000,"
                + "\"errors\":{\"object\":\"list\",\"data\":[{\"code\":\"bad\\nline\",\"message\":\"line one\\n"
                + "\\u001b[31mred " + CliHarness.KEY + "\",\"line\":1}]}}";
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> res.status(200)
                .header("content-type", "application/json").sendString(Mono.just(failed)).then())) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", server.baseUrl());
            CliHarness.Run watch = CliHarness.run(env, "watch", "-id", "batch_1");
            assertEquals(Main.EXIT_NOT_COMPLETED, watch.code(), watch.all());
            assertEquals(List.of("❌ batch batch_1 ended failed, not completed: line one\\n\\u001b[31mred ***"),
                    watch.errLines());
            CliHarness.Run get = CliHarness.run(env, "get", "-id", "batch_1");
            assertTrue(get.out().contains("      1. Code: bad\\nline, Message: line one\\n\\u001b[31mred"),
                    get.out());
            assertFalse(get.all().contains("\u001b"), get.all());
        }
    }

    @Test
    void aWarningQuotingTheServerIsOneLineWithoutTheKey() {
        String cancelled = "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"cancelled\","
                + "\"created_at\":1730000000,\"input_file_id\":\"file-in\","
                + "\"request_counts\":{\"total\":3,\"completed\":0,\"failed\":0}}";
        String gone = "{\"error\":{\"message\":\"gone\\n\\u001b[31mred " + CliHarness.KEY + "\","
                + "\"type\":\"invalid_request_error\",\"code\":null}}";
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> req.uri().contains("/files/")
                ? res.status(404).header("content-type", "application/json").sendString(Mono.just(gone)).then()
                : res.status(200).header("content-type", "application/json").sendString(Mono.just(cancelled)).then())) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", server.baseUrl());
            CliHarness.Run results = CliHarness.run(env, "results", "-id", "batch_1");
            assertEquals(0, results.code(), results.all());
            String warning = results.errLines().stream().filter(l -> l.startsWith("⚠️  ")).findFirst()
                    .orElseThrow(() -> new AssertionError(results.all()));
            assertTrue(warning.startsWith("⚠️  cannot read input file file-in to name the requests"), warning);
            assertTrue(warning.contains("gone\\n\\u001b[31mred ***"), warning);
            assertFalse(results.all().contains("\u001b"), results.all());
            assertFalse(results.all().contains(CliHarness.KEY), results.all());
        }
    }

    @Test
    void everyValueOfTheServerIsPrintedOnOneLineWithoutEscapeSequences() {
        String odd = "{\"id\":\"batch_\\u001b[2J1\",\"object\":\"batch\",\"status\":\"in_progress\\nfake\","
                + "\"endpoint\":\"/v1/chat\\u001b]0;title\\u0007\",\"input_file_id\":\"file\\r-in\","
                + "\"output_file_id\":\"file-\\u001b[31mout\",\"created_at\":1730000000,"
                + "\"metadata\":{\"k\":\"v\\u001b[0m\"}}";
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> res.status(200)
                .header("content-type", "application/json").sendString(Mono.just(req.uri().contains("/content")
                        ? "{\"custom_id\":\"r\\u001b[1m1\",\"response\":{\"status_code\":200,\"body\":{\"choices\":"
                                + "[{\"message\":{\"content\":\"two\\nlines \\u001b[5mblink\"}}]}}}\n"
                        : req.uri().contains("/batches/") ? odd
                        : "{\"object\":\"list\",\"data\":[" + odd + "],\"has_more\":true}")).then())) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", server.baseUrl());
            for (String action : List.of("get", "list")) {
                CliHarness.Run run = CliHarness.run(env, action, "-id", "batch_1");
                assertEquals(0, run.code(), run.all());
                assertFalse(run.all().contains("\u001b") || run.all().contains("\r") || run.all().contains("\u0007"),
                        run.all());
                assertTrue(run.out().contains("batch_\\u001b[2J1"), run.out());
            }
            CliHarness.Run get = CliHarness.run(env, "get", "-id", "batch_1");
            assertTrue(get.out().contains("[r\\u001b[1m1] status=200\n  content: two\nlines \\u001b[5mblink"), get.out());
        }
    }

    @Test
    void theLargestRequestIsAFlagAndTheErrorSaysSo() {
        String big = "user: " + "x".repeat(2000);
        CliHarness.Run refused = cli.run("create", "-requests", big, "--max-request-bytes", "1000");
        assertEquals(Main.EXIT_USAGE, refused.code(), refused.all());
        assertEquals(List.of("❌ invalid request spec at request 1 (line 1, byte 0): request is larger than the limit"
                + " of 1000 bytes; --max-request-bytes raises the limit"), refused.errLines());
        CliHarness.Run raised = cli.run("create", "-requests", big, "--max-request-bytes", "4000");
        assertEquals(0, raised.code(), raised.all());
        CliHarness.Run zero = cli.run("create", "-requests", "user: hi", "--max-request-bytes", "0");
        assertEquals(List.of("❌ --max-request-bytes must be a positive number, got 0"), zero.errLines());
        // the largest int would overflow the parsers' slack
        CliHarness.Run huge = cli.run("create", "-requests", big, "--max-request-bytes", "" + Integer.MAX_VALUE);
        assertEquals(List.of("❌ --max-request-bytes must be at most 2147483631, got 2147483647"), huge.errLines());
        CliHarness.Run largest = cli.run("create", "-requests", big, "--max-request-bytes", "2147483631");
        assertEquals(0, largest.code(), largest.all());
    }

    @Test
    void resultsOfAFailedBatchSayItFailedAndExitNotCompleted() {
        String failed = "{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"failed\",\"created_at\":1730000000,"
                + "\"errors\":{\"object\":\"list\",\"data\":[{\"code\":\"invalid_json_line\",\"message\":"
                + "\"line 1 is not JSON\",\"line\":1}]}}";
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> res.status(200)
                .header("content-type", "application/json").sendString(Mono.just(failed)).then())) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", server.baseUrl());
            CliHarness.Run results = CliHarness.run(env, "results", "-id", "batch_1");
            assertEquals(Main.EXIT_NOT_COMPLETED, results.code(), results.all());
            assertTrue(results.errLines().contains("❌ batch batch_1 ended failed, not completed: line 1 is not JSON"),
                    results.all());
            assertFalse(results.all().contains("🎉"), results.all());
        }
    }

    @Test
    void aServerErrorOnTheUploadIsTheServersMessageNotTheLibrarysAdvice() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> req.method().name().equals("POST")
                ? req.receive().then(res.status(500).header("content-type", "application/json")
                        .sendString(Mono.just("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"))
                        .then())
                : res.status(200).header("content-type", "application/json")
                        .sendString(Mono.just("{\"object\":\"list\",\"data\":[],\"has_more\":false}")).then())) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", server.baseUrl());
            CliHarness.Run create = CliHarness.run(env, "create", "-requests", "user: hi");
            assertEquals(Main.EXIT_FAILURE, create.code(), create.all());
            assertEquals(List.of("❌ upload failed: POST /files failed with HTTP 500: boom (type=server_error)"),
                    create.errLines());
        }
    }

    @Test
    void aCreationFailureWhoseCleanupFailsSaysTheFileIsStillThere() {
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            String answer;
            int status;
            if (req.uri().endsWith("/files")) {
                status = 200;
                answer = "{\"id\":\"file-1\",\"object\":\"file\"}";
            } else if (req.uri().endsWith("/batches")) {
                status = 400;
                answer = "{\"error\":{\"message\":\"no such model\",\"type\":\"invalid_request_error\"}}";
            } else {
                status = 404;
                answer = "{\"error\":{\"message\":\"delete is not supported here\"}}";
            }
            return req.receive().then(res.status(status).header("content-type", "application/json")
                    .sendString(Mono.just(answer)).then());
        })) {
            Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", server.baseUrl());
            CliHarness.Run create = CliHarness.run(env, "create", "-requests", "user: hi");
            assertEquals(Main.EXIT_FAILURE, create.code(), create.all());
            String line = create.errLines().get(0);
            assertTrue(line.startsWith("❌ batch creation failed after uploading file-1 (the uploaded file could not"
                    + " be deleted (DELETE /files/file-1 failed with HTTP 404: delete is not supported here"), line);
            assertTrue(line.endsWith("no such model (type=invalid_request_error)"), line);
        }
    }

    @Test
    void unknownFlagAndUnknownActionAreUsageErrors() {
        CliHarness.Run flag = cli.run("-action", "list", "--bogus");
        assertEquals(Main.EXIT_USAGE, flag.code());
        assertTrue(flag.err().startsWith("❌ Unknown option: '--bogus'"), flag.err());

        CliHarness.Run action = cli.run("-action", "explode");
        assertEquals(Main.EXIT_USAGE, action.code());
        assertTrue(errorLine(action).startsWith("❌ unknown action 'explode': use one of create, get, cancel, list"));
        // the original printed its configuration, with the action as given, before the error
        assertTrue(action.out().startsWith("🚀 Using configuration:\n   📝 Model Name: gpt-4o-mini\n"
                + "   🎛️  Action: explode\n"), action.out());
        CliHarness.Run word = cli.run("explode", "-action", "list");
        assertEquals(Main.EXIT_USAGE, word.code());
        assertTrue(word.out().contains("   🎛️  Action: explode\n"), word.out());
    }

    @Test
    void unknownBatchIdReportsTheServersMessage() {
        CliHarness.Run run = cli.run("-action", "get", "-id", "batch_nope");
        assertEquals(Main.EXIT_FAILURE, run.code());
        String line = errorLine(run);
        assertTrue(line.contains("HTTP 404"), line);
        assertTrue(line.contains("No such Batch object: batch_nope"), line);
    }

    @Test
    void wrongKeySaysItWasRejectedWithoutPrintingIt() {
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("OPENAI_API_KEY", "sk-wrong-KEY-987654321");
        CliHarness.Run run = CliHarness.run(env, "-action", "list");
        assertEquals(Main.EXIT_FAILURE, run.code());
        String line = errorLine(run);
        assertTrue(line.startsWith("❌ the server rejected the API key (HTTP 401 on GET /batches): check OPENAI_API_KEY"),
                line);
        assertFalse(run.all().contains("sk-wrong-KEY-987654321"));
    }

    @Test
    void badRequestFlagsAreUsageErrorsNamingTheFlag() {
        String[][] cases = {
            {"--max-requests", "0", "❌ --max-requests must be a positive number, got 0"},
            {"--max-bytes", "-1", "❌ --max-bytes must be a positive number, got -1"},
            {"--endpoint", " ", "❌ --endpoint must not be blank"},
            {"-model", "", "❌ -model must not be blank"},
        };
        int filesBefore = cli.client.files().list(null, null, 100).block().data().size();
        for (String[] c : cases) {
            CliHarness.Run run = cli.run("-action", "create", "-requests", "user: hi", c[0], c[1]);
            assertEquals(Main.EXIT_USAGE, run.code(), run.all());
            assertEquals(c[2], errorLine(run));
        }
        assertEquals(filesBefore, cli.client.files().list(null, null, 100).block().data().size(), "nothing uploaded");
    }

    @Test
    void aOneLetterKeyDoesNotGarbleTheMessage() {
        // an emulator takes any key; starring every "e" made "r***qu***st fil***" of this line
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("OPENAI_API_KEY", "e");
        CliHarness.Run run = CliHarness.run(env, "-action", "create", "-file", "/no/such/dir/requests.txt");
        assertEquals(Main.EXIT_USAGE, run.code(), run.all());
        assertEquals("❌ request file not found: /no/such/dir/requests.txt", errorLine(run));
    }

    @Test
    void aShortKeyIsStarredOnlyAsAWholeToken() {
        for (String key : new String[] {"sk-1234", "e"}) {
            try (Session session = new Session(new CliOptions(), Action.LIST, Map.of("OPENAI_API_KEY", key)::get,
                    System.out, System.err, false)) {
                assertEquals("request failed: key *** refused (***)",
                        session.redact("request failed: key " + key + " refused (" + key + ")"), key);
            }
        }
    }

    @Test
    void unreachableServerNamesTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1";
        CliHarness.Run run = CliHarness.run(Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", url),
                "-action", "list");
        assertEquals(Main.EXIT_FAILURE, run.code());
        String line = errorLine(run);
        assertTrue(line.startsWith("❌ server unreachable: "), line);
        assertTrue(line.contains("cannot connect to " + url), line);
        // the original lists first and prints its heading only for a page it got
        assertFalse(run.out().contains("Listing"), run.out());
    }

    @Test
    void watchTimeoutIsARuntimeFailure() {
        String id = cli.submit("user: slow [[slow]] /// user: slow too [[slow]] /// user: x [[slow]]").id();
        CliHarness.Run run = cli.run("watch", "-id", id, "--poll-interval", "50ms", "--timeout", "150ms");
        assertEquals(Main.EXIT_FAILURE, run.code(), run.all());
        String line = errorLine(run);
        assertTrue(line.startsWith("❌ timed out: batch " + id + " did not reach a terminal status within 150ms"),
                line);
    }

    @Test
    void plainHttpToARemoteHostPrintsAWarning() {
        CliOptions options = new CliOptions();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("OPENAI_API_KEY", CliHarness.KEY, "OPENAI_BASE_URL", "http://batch.example.com/v1");
        try (Session session = new Session(options, Action.LIST, env::get, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), false)) {
            session.client();
        }
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("⚠️  http://batch.example.com/v1 is plain http to a remote host"), warning);
        assertFalse(warning.contains(CliHarness.KEY));
    }

    @Test
    void theKeyNeverAppearsInAnyOutput() {
        String id = cli.completed("user: Hello").id();
        for (String[] args : List.of(new String[] {"-action", "list"}, new String[] {"-action", "get", "-id", id},
                new String[] {"results", "-id", id}, new String[] {"-action", "get", "-id", "batch_missing"},
                new String[] {"--verbose", "-action", "create", "-requests", "user: x"})) {
            CliHarness.Run run = cli.run(args);
            assertFalse(run.all().contains(CliHarness.KEY), String.join(" ", args) + ":\n" + run.all());
        }
    }
}
