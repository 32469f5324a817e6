package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.BatchApiException;
import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.BatchTransportException;
import io.batchflux.RetryPolicy;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.emulator.FaultOptions;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** The API key never shows up in options, the client, any error's message or stack trace, or a 401 body. */
class SecretsTest {
    private static final String SECRET = "sk-SECRET-do-not-print-1234";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final RetryPolicy FAST_RETRIES = RetryPolicy.defaults()
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).withMaxRetries(2);

    private static BatchClientOptions options(String baseUrl) {
        return BatchClientOptions.builder().apiKey(SECRET).baseUrl(baseUrl).retryPolicy(FAST_RETRIES)
                .header("OpenAI-Organization", "org-test").build();
    }

    /** The failure of {@code call}, printed with causes and suppressed exceptions, checked for the key. */
    private static Throwable assertFailsWithoutSecret(Function<BatchClient, Mono<?>> call, BatchClient client) {
        Throwable failure = null;
        try {
            call.apply(client).block(WAIT);
        } catch (RuntimeException e) {
            failure = e;
        }
        assertNotNull(failure, "the call should have failed");
        String printed = ParserFuzzTest.stackTrace(failure);
        assertFalse(printed.contains(SECRET), "the key leaked into:\n" + printed);
        assertFalse(printed.contains("SECRET-do-not-print"), "part of the key leaked into:\n" + printed);
        return failure;
    }

    @Test
    void optionsAndClientToStringHideTheKey() {
        BatchClientOptions options = options("http://127.0.0.1:1/v1");
        assertFalse(options.toString().contains(SECRET), options.toString());
        try (BatchClient client = BatchClient.create(options)) {
            assertFalse(client.toString().contains(SECRET), client.toString());
        }
    }

    @Test
    void aBaseUrlWithAPasswordIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options("http://gateway:" + SECRET + "@127.0.0.1:8080/v1"));
        assertTrue(e.getMessage().contains("must not carry a user name or password"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void unauthorizedAndNotFoundErrorsHideTheKey() {
        try (BatchEmulator wrongKey = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("sk-other"));
                BatchClient client = BatchClient.create(options(wrongKey.baseUrl()))) {
            Throwable e = assertFailsWithoutSecret(c -> c.batches().retrieve("batch_x"), client);
            assertEquals(401, ((BatchApiException) e).statusCode());
            assertFailsWithoutSecret(c -> c.files().content("file-x").then(), client);
        }
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(SECRET));
                BatchClient client = BatchClient.create(options(emulator.baseUrl()))) {
            Throwable e = assertFailsWithoutSecret(c -> c.batches().retrieve("batch_missing"), client);
            assertTrue(((BatchApiException) e).isNotFound());
            assertFailsWithoutSecret(c -> c.files().delete("file-missing"), client);
        }
    }

    @Test
    void emulatorsUnauthorizedBodyHidesTheKey() {
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("sk-other"))) {
            String body = HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + SECRET))
                    .get().uri(emulator.baseUrl() + "/batches")
                    .responseSingle((res, content) -> content.asString().map(s -> res.status().code() + " " + s))
                    .block(WAIT);
            assertTrue(body.startsWith("401 "), body);
            assertFalse(body.contains(SECRET) || body.contains("SECRET-do-not-print"), body);
        }
    }

    @Test
    void connectionRefusedHidesTheKey() {
        DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow(WAIT);
        int port = closed.port();
        closed.disposeNow(WAIT);
        try (BatchClient client = BatchClient.create(options("http://127.0.0.1:" + port + "/v1"))) {
            Throwable e = assertFailsWithoutSecret(c -> c.batches().retrieve("batch_x"), client);
            assertTrue(e instanceof BatchTransportException, String.valueOf(e));
        }
    }

    @Test
    void droppedConnectionsHideTheKeyAcrossRetries() {
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(SECRET)
                .withFaults(FaultOptions.none().withDropConnectionRate(1.0)));
                BatchClient client = BatchClient.create(options(emulator.baseUrl()))) {
            Throwable e = assertFailsWithoutSecret(c -> c.batches().retrieve("batch_x"), client);
            assertTrue(e instanceof BatchTransportException, String.valueOf(e));
            // block() adds one suppressed exception of its own (the blocking call site); count the attempts only
            assertEquals(FAST_RETRIES.maxRetries(), java.util.Arrays.stream(e.getSuppressed())
                    .filter(BatchTransportException.class::isInstance).count(), "earlier attempts kept as suppressed");
            assertFailsWithoutSecret(c -> c.batches().listAll(10).then(), client);
            assertFailsWithoutSecret(c -> c.files().upload(reactor.core.publisher.Flux.just(
                    io.netty.buffer.Unpooled.copiedBuffer("x\n", java.nio.charset.StandardCharsets.UTF_8)),
                    io.batchflux.UploadOptions.defaults()), client);
        }
    }
}
