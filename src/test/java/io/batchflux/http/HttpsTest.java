package io.batchflux.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.BatchTransportException;
import io.batchflux.RetryPolicy;
import io.batchflux.testing.TlsTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * An {@code https} base URL (OpenAI's own is one) goes through TLS: here to a server whose certificate this JVM does
 * not trust, so the handshake is refused and the error says so. The trusted case runs in {@code ShippedJarIT}, where
 * the JVM can be given a trust store.
 */
class HttpsTest {
    @Test
    void anHttpsBaseUrlReachesTheHandshakeAndAnUntrustedCertificateIsNamed() throws Exception {
        try (TlsTestServer server = TlsTestServer.start("{\"object\":\"list\",\"data\":[],\"has_more\":false}");
                BatchClient client = BatchClient.create(BatchClientOptions.builder().apiKey("sk-test")
                        .baseUrl(server.baseUrl()).retryPolicy(RetryPolicy.defaults().withMaxRetries(0)).build())) {
            StepVerifier.create(client.batches().list(null, 5))
                    .expectErrorSatisfies(e -> {
                        BatchTransportException t = assertInstanceOf(BatchTransportException.class, e);
                        assertFalse(t.mayHaveBeenProcessed(), "nothing was sent before the handshake failed");
                        assertTrue(t.getMessage().contains("certificate"), t.getMessage());
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }
}
