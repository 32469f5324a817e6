package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.batchflux.testing.ScriptedServer;
import io.batchflux.testing.TlsTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/batchflux.jar} as a user runs it, after {@code package}: the README's demo command, and the class-data
 * archive the build dumped beside it, which the launcher relaunches with.
 */
class ShippedJarIT {
    private static final Path JAR = Path.of(System.getProperty("batchflux.jar", "target/batchflux.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private Run run(List<String> command) throws IOException, InterruptedException {
        return run(command, null, Map.of());
    }

    private Run run(List<String> command, String stdin) throws IOException, InterruptedException {
        return run(command, stdin, Map.of());
    }

    /**
     * {@code command}'s exit and output, with {@code env} added to a clean environment; {@code stdin}, when given, is
     * written to its standard input (a pipe).
     */
    private Run run(List<String> command, String stdin, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeAll(List.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "BATCHFLUX_RELAUNCH"));
        builder.environment().keySet().removeAll(Launcher.OPTION_VARIABLES);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (stdin != null) {
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("no exit within 120 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeDemoCommandSucceeds() throws Exception {
        Run demo = run(List.of(JAVA, "-Xmx64m", "-jar", JAR.toString(), "demo"));
        assertEquals(0, demo.exitCode(), demo.toString());
        assertTrue(demo.out().contains("🎉"), demo.out());
        assertEquals("", demo.err(), "nothing on stderr (no stack trace from a background thread)");
    }

    @Test
    void anHttpsServerIsListedThroughTheRelaunchedChild() throws Exception {
        String page = "{\"object\":\"list\",\"data\":[{\"id\":\"batch_tls\",\"status\":\"completed\","
                + "\"created_at\":1730000000}],\"has_more\":false}";
        try (TlsTestServer server = TlsTestServer.start(page)) {
            // -D options are carried over to the child JVM the launcher starts with the class-data archive
            Run list = run(List.of(JAVA, "-Djavax.net.ssl.trustStore=" + TlsTestServer.TRUST_STORE,
                    "-Djavax.net.ssl.trustStorePassword=" + TlsTestServer.PASSWORD, "-jar", JAR.toString(),
                    "-action", "list"), null, Map.of("OPENAI_API_KEY", "sk-tls", "OPENAI_BASE_URL", server.baseUrl()));
            assertEquals(0, list.exitCode(), list.toString());
            assertTrue(list.out().contains("batch_tls"), list.out());
        }
    }

    @Test
    void stoppedWhileItsBatchIsBeingCreatedTheCliSaysTheBatchMayExist() throws Exception {
        java.util.concurrent.CountDownLatch creating = new java.util.concurrent.CountDownLatch(1);
        try (ScriptedServer server = ScriptedServer.start((n, req, res) -> {
            if (req.uri().endsWith("/files")) {
                return req.receive().then(res.status(200).header("content-type", "application/json")
                        .sendString(reactor.core.publisher.Mono.just("{\"id\":\"file-1\",\"object\":\"file\"}"))
                        .then());
            }
            creating.countDown();
            return reactor.core.publisher.Mono.never(); // the batch is being created when the user stops the CLI
        })) {
            Path err = dir.resolve("err.txt");
            ProcessBuilder builder = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "create", "-requests", "user: hi")
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeAll(Launcher.OPTION_VARIABLES);
            builder.environment().putAll(Map.of("OPENAI_API_KEY", "sk-stop", "OPENAI_BASE_URL", server.baseUrl()));
            builder.environment().remove("BATCHFLUX_RELAUNCH");
            Process process = builder.start();
            assertTrue(creating.await(60, TimeUnit.SECONDS), "the CLI reached POST /batches");
            process.destroy(); // SIGTERM, as a service manager or Ctrl-C would stop it; the launcher stops its child
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI stopped");
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertTrue(stderr.contains("❌ interrupted: an upload cut short stores nothing, but a batch whose creation"
                    + " was under way may exist: check with -action list"), stderr);
        }
    }

    @Test
    void helpAndUsageErrorsNeedNoServer() throws Exception {
        Run help = run(List.of(JAVA, "-jar", JAR.toString(), "--help"));
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.out().contains("Actions:"), help.out());
        Run noKey = run(List.of(JAVA, "-jar", JAR.toString(), "-action", "list"));
        assertEquals(Main.EXIT_USAGE, noKey.exitCode(), noKey.toString());
        assertTrue(noKey.err().startsWith("❌ "), noKey.err());
    }

    @Test
    void requestsComeFromStandardInputThroughTheRelaunchedChild() throws Exception {
        Run piped = run(List.of(JAVA, "-Xmx64m", "-jar", JAR.toString(), "run", "--emulator", "-file", "-",
                "--poll-interval", "50ms"), "user: one /// user: two /// user: three");
        assertEquals(0, piped.exitCode(), piped.toString());
        assertEquals(3, piped.out().lines().filter(l -> l.startsWith("{\"custom_id\":")).count(), piped.out());
        assertTrue(piped.err().contains("📊 results: 3 ok, 0 failed, 0 not executed"), piped.err());
    }

    @Test
    void anInvalidSpecIsOneErrorLineAndNoStackTrace() throws Exception {
        // its own emulator: the upload starts, and the body is aborted at request 2, which makes Reactor Netty
        // log a warning with the exception; only --verbose may show it
        Run invalid = run(List.of(JAVA, "-Xmx64m", "-jar", JAR.toString(), "create", "--emulator",
                "-requests", "user: hi /// hello there"));
        assertEquals(Main.EXIT_USAGE, invalid.exitCode(), invalid.toString());
        assertEquals(List.of("❌ invalid request spec at request 2, message 1 (line 1, byte 13): invalid message format"
                + " \"hello there\" (expected \"role: content\")"), invalid.err().lines().toList());
    }

    @Test
    void theBuildLeftAnArchiveThisJvmMapsForThisJar() throws Exception {
        assumeFalse(Boolean.getBoolean("batchflux.cds.skip"), "built with -Dbatchflux.cds.skip=true");
        Path archive = JAR.resolveSibling(Launcher.ARCHIVE_NAME);
        assertTrue(Launcher.isUsableArchive(archive, JAR), "archive and its record beside " + JAR);
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:SharedArchiveFile=" + archive,
                "-Xshare:on", // fail rather than run without the archive
                "-cp", JAR.toString(), "io.batchflux.cli.Main", "--version"));
        Run version = run(command);
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.out().startsWith("batchflux "), version.out());
    }
}
