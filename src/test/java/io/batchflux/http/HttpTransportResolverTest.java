package io.batchflux.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which base URLs skip reactor-netty's asynchronous DNS resolver (the JDK resolver cannot block on them). */
class HttpTransportResolverTest {
    @Test
    void ipLiteralsAndLocalhostNeedNoDns() {
        assertTrue(HttpTransport.resolvesWithoutDns("http://127.0.0.1:8089/v1"));
        assertTrue(HttpTransport.resolvesWithoutDns("http://localhost:8089/v1"));
        assertTrue(HttpTransport.resolvesWithoutDns("http://[::1]:8089/v1"));
        assertTrue(HttpTransport.resolvesWithoutDns("https://10.0.0.7/openai/v1"));
    }

    @Test
    void hostNamesKeepTheAsynchronousResolver() {
        assertFalse(HttpTransport.resolvesWithoutDns("https://api.openai.com/v1"));
        assertFalse(HttpTransport.resolvesWithoutDns("http://localhost.example.com/v1"));
        assertFalse(HttpTransport.resolvesWithoutDns("not a url"));
    }
}
