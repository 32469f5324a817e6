package io.batchflux.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real reactor-netty server on 127.0.0.1 whose answers a test scripts per request number, recording what it
 * received: for pinning the client's wire behaviour (errors, retries, resumption) exactly.
 */
public final class ScriptedServer implements AutoCloseable {
    /** One received request: method, URI and headers of interest. */
    public record Received(String method, String uri, String authorization, String range, String contentType,
            String contentLength, String transferEncoding) {}

    /** Answers request number {@code n} (0-based). */
    public interface Script {
        Publisher<Void> answer(int n, HttpServerRequest req, HttpServerResponse res);
    }

    private final DisposableServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    private ScriptedServer(Script script) {
        BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler = (req, res) -> {
            int n = count.getAndIncrement();
            received.add(new Received(req.method().name(), req.uri(), req.requestHeaders().get("authorization"),
                    req.requestHeaders().get("range"), req.requestHeaders().get("content-type"),
                    req.requestHeaders().get("content-length"), req.requestHeaders().get("transfer-encoding")));
            return script.answer(n, req, res);
        };
        this.server = HttpServer.create().host("127.0.0.1").port(0).handle(handler).bindNow(Duration.ofSeconds(10));
    }

    public static ScriptedServer start(Script script) {
        return new ScriptedServer(script);
    }

    /** Answers {@code status} with the JSON {@code body}. */
    public static Mono<Void> json(HttpServerResponse res, int status, String body) {
        return res.status(status).header("content-type", "application/json").sendString(Mono.just(body)).then();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    public int port() {
        return server.port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int requestCount() {
        return count.get();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
