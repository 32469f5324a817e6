package io.batchflux.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Steady ({@code @stdy/cli}, OpenAI's contract mock, pinned in {@code src/test/node/package.json}) serving the
 * copied OpenAPI description on 127.0.0.1 and a free port. With its default {@code --reject-on-sdk-error} an
 * invalid request is answered 400 {@code {"error":"Validation failed","steady":{...}}}, and every violation is
 * logged as a {@code ✗} line; the log goes to {@code target/steady/}.
 *
 * <p>A missing binary fails the test (it is never skipped): the Maven build installs it with {@code npm ci} in
 * {@code src/test/node}.
 */
final class SteadyServer implements AutoCloseable {
    static final String SPEC_RESOURCE = "/openapi/openapi.yaml";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String VIOLATION_MARK = "✗";

    private final Process process;
    private final int port;
    private final Path log;

    private SteadyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The project directory (surefire's {@code basedir}, else the working directory). */
    static Path baseDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    static Path nodeDir() {
        return baseDir().resolve("src/test/node");
    }

    /** A test resource as a file on disk (the test classpath is a directory under target/). */
    static Path resource(String name) {
        var url = SteadyServer.class.getResource(name);
        if (url == null) {
            fail("test resource " + name + " is missing from the classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource " + name + " is not a file: " + url, e);
        }
    }

    /** Starts Steady and waits (at most a minute) until its health endpoint answers. */
    static SteadyServer start() {
        Path binary = nodeDir().resolve("node_modules/.bin/steady");
        if (!Files.isExecutable(binary)) {
            fail("Steady is not installed (" + binary + " is missing): run `npm ci` in src/test/node "
                    + "(the Maven build does this in generate-test-resources)");
        }
        Path spec = resource(SPEC_RESOURCE);
        int port = freePort();
        Path log = baseDir().resolve("target/steady/steady-" + port + ".log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "-p", String.valueOf(port),
                "--log-format=text", "--validator-form-object-format=brackets", "--validator-form-array-format=brackets",
                "--validator-query-object-format=brackets", "--validator-query-array-format=brackets",
                spec.toString())
                .directory(nodeDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("NO_COLOR", "1");
        // Steady switches to GitHub-annotation output when it detects CI; the parser below reads the text format,
        // so the format is pinned above and the detection variables are not passed on.
        pb.environment().keySet().removeIf(name -> name.equals("CI") || name.startsWith("GITHUB_")
                || name.startsWith("CONTINUOUS_INTEGRATION") || name.equals("BUILD_NUMBER"));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        SteadyServer server = new SteadyServer(process, port, log);
        try {
            server.awaitHealthy();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create(baseUrl() + "/_x-steady/health");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("Steady exited with " + process.exitValue() + " before it was ready:\n" + logText());
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("Steady did not become healthy within " + START_TIMEOUT + ":\n" + logText());
    }

    /** The base URL to give the client: the spec's paths have no {@code /v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    Path logFile() {
        return log;
    }

    /** Everything Steady printed so far. */
    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** A position in the log, to look at what was printed after it. */
    int mark() {
        return logText().length();
    }

    /** The log lines printed after {@code mark}. */
    List<String> linesSince(int mark) {
        String text = logText();
        return text.length() <= mark ? List.of() : List.of(text.substring(mark).split("\\R"));
    }

    /** The validation failures ({@code ✗} lines) Steady printed after {@code mark}. */
    List<String> violationsSince(int mark) {
        List<String> out = new ArrayList<>();
        for (String line : linesSince(mark)) {
            if (line.contains(VIOLATION_MARK)) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** Waits (bounded) until Steady has logged a violation after {@code mark}; the violations, maybe none. */
    List<String> awaitViolations(int mark) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> violations = violationsSince(mark);
        while (violations.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            violations = violationsSince(mark);
        }
        return violations;
    }

    /**
     * Waits (bounded) until Steady has logged {@code requests} answered requests after {@code mark}: it logs a
     * request when it answers it, so the line may land just after the client has read the answer.
     */
    List<String> awaitRequestLines(int mark, int requests) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> lines;
        do {
            lines = linesSince(mark).stream().filter(l -> l.contains(" → ")).toList();
            if (lines.size() >= requests) {
                return lines;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        return lines;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
