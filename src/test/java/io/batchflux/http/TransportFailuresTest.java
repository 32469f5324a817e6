package io.batchflux.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.BatchTransportException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Failures are recognised wherever in the cause chain Netty put them. */
class TransportFailuresTest {
    private static final ApiCall LIST = ApiCall.get("/batches");
    private static final String BASE = "http://nonexistent.invalid/v1";

    @Test
    void anUnknownHostWithNettysDnsCauseUnderItIsAnUnresolvableHost() {
        UnknownHostException unknown = new UnknownHostException("Failed to resolve 'nonexistent.invalid'");
        unknown.initCause(new IllegalStateException("NXDOMAIN"));
        BatchTransportException t = assertInstanceOf(BatchTransportException.class,
                TransportFailures.wrap(new RuntimeException("connect failed", unknown), LIST, BASE));
        assertEquals("GET /batches", t.call());
        assertTrue(t.getMessage().contains("cannot resolve the host of " + BASE), t.getMessage());
        assertFalse(t.mayHaveBeenProcessed());
    }

    @Test
    void anUntrustedCertificateSaysHowToTrustIt() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertPathBuilderException("unable to find valid certification path"));
        BatchTransportException t = assertInstanceOf(BatchTransportException.class,
                TransportFailures.wrap(handshake, LIST, "https://127.0.0.1:8443/v1"));
        assertTrue(t.getMessage().contains("TLS failure talking to https://127.0.0.1:8443/v1: PKIX path building"
                + " failed (the server's certificate is not trusted by this JVM"), t.getMessage());
        assertFalse(t.mayHaveBeenProcessed());
    }
}
