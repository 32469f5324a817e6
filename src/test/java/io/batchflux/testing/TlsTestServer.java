package io.batchflux.testing;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTPS server on 127.0.0.1 with the self-signed test certificate in {@code src/test/resources/tls} (see the
 * README there), answering every request with {@code body} as JSON. Clients trust it only through
 * {@link #TRUST_STORE}.
 */
public final class TlsTestServer implements AutoCloseable {
    /** The PKCS12 trust store (password {@code changeit}) holding the server's certificate. */
    public static final Path TRUST_STORE = resource("/tls/test-trust.p12");
    public static final String PASSWORD = "changeit";

    private final DisposableServer server;

    private TlsTestServer(String body) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsTestServer.class.getResourceAsStream("/tls/test-server.p12")) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(keyManagers)))
                .handle((req, res) -> res.header("content-type", "application/json").sendString(Mono.just(body)))
                .bindNow(Duration.ofSeconds(10));
    }

    public static TlsTestServer start(String body) throws Exception {
        return new TlsTestServer(body);
    }

    /** {@code https://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "https://127.0.0.1:" + server.port() + "/v1";
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    private static Path resource(String name) {
        try {
            return Path.of(TlsTestServer.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
