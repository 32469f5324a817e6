package io.batchflux.http;

import io.batchflux.BatchClientOptions;
import io.batchflux.BatchfluxException;
import io.batchflux.MissingApiKeyException;
import io.batchflux.RetryPolicy;
import io.batchflux.json.JsonErrors;
import io.batchflux.json.WireJson;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.NetUtil;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * The HTTP exchange with an OpenAI-compatible server: one reactor-netty {@link HttpClient} over a bounded
 * connection pool, authentication and extra headers, JSON answers decoded into records, error answers into
 * {@code BatchApiException}s, retries per {@link RetryPolicy}, and byte downloads that resume after a break.
 *
 * <p>Every method returns a cold publisher; the pool is released by {@link #close()}.
 */
public final class HttpTransport implements AutoCloseable {
    private static final byte[] EMPTY = new byte[0];
    private static final String USER_AGENT = "batchflux/0.1 (java " + System.getProperty("java.version") + ")";

    private final BatchClientOptions options;
    private final ConnectionProvider pool;
    private final HttpClient http;

    private HttpTransport(BatchClientOptions options) {
        this.options = options;
        this.pool = ConnectionProvider.builder("batchflux")
                .maxConnections(options.maxConnections())
                .pendingAcquireTimeout(Duration.ofSeconds(60))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient client = HttpClient.create(pool);
        if (resolvesWithoutDns(options.baseUrl())) {
            // an IP literal or localhost needs no DNS round trip, so the JDK's resolver cannot block the event
            // loop; it also spares building reactor-netty's asynchronous DNS resolver (~50 classes and a channel)
            client = client.resolver(DefaultAddressResolverGroup.INSTANCE);
        }
        this.http = client
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                // An idle timeout between reads, never a total: result files of 100s of MB take minutes.
                .responseTimeout(options.readIdleTimeout())
                .keepAlive(true)
                .headers(h -> {
                    h.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
                    options.headers().forEach(h::set);
                });
    }

    static boolean resolvesWithoutDns(String baseUrl) {
        String host;
        try {
            host = URI.create(baseUrl).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equalsIgnoreCase("localhost") || NetUtil.isValidIpV4Address(host)
                || NetUtil.isValidIpV6Address(host);
    }

    public static HttpTransport create(BatchClientOptions options) {
        return new HttpTransport(options);
    }

    public BatchClientOptions options() {
        return options;
    }

    /** Sends the call (retrying per policy) and decodes the JSON answer into {@code type}. */
    public <T> Mono<T> exchange(ApiCall call, Class<T> type) {
        return withRetries(call, once(call).map(bytes -> decode(bytes, type, call)));
    }

    /**
     * Downloads a body as a stream of buffers the subscriber owns (it must release each one). A body that
     * breaks mid-way is resumed with {@code Range: bytes=N-} (or re-downloaded and skipped to N when the server
     * ignores ranges), so the bytes emitted are exactly the body's, once each.
     */
    public Flux<ByteBuf> download(ApiCall call) {
        return Flux.defer(() -> {
            AtomicLong delivered = new AtomicLong();
            Flux<ByteBuf> attempt = Flux.defer(() -> downloadFrom(call, delivered.get()))
                    .doOnNext(buf -> delivered.addAndGet(buf.readableBytes()));
            return withRetries(call, attempt);
        }).doOnDiscard(ByteBuf.class, ByteBuf::release);
    }

    private Flux<ByteBuf> downloadFrom(ApiCall call, long offset) {
        ApiCall ranged = offset > 0 ? call.withHeader("Range", "bytes=" + offset + "-") : call;
        return prepared(ranged, new BodyAbort()).flatMapMany(req -> req.responseConnection((res, connection) -> {
            int status = res.status().code();
            if (status == 416 && offset > 0 && offset == rangeTotal(res.responseHeaders().get("Content-Range"))) {
                // the body broke after its last byte: the resumed range starts at its end, and nothing is missing
                connection.markPersistent(false);
                return Flux.empty();
            }
            if (status >= 400) {
                return errorBody(connection)
                        .flatMap(bytes -> Mono.error(ApiErrorDecoder.decode(status, res.responseHeaders(), bytes,
                                call.describe())));
            }
            // a body abandoned half-read must not go back to the pool: close its connection on cancel
            Flux<ByteBuf> retained = connection.inbound().receive().retain().doOnCancel(connection::dispose);
            // 206: the server resumed at offset. 200: it ignored Range, so drop what was already delivered.
            return offset > 0 && status != 206 ? skip(retained, offset) : retained;
        })).onErrorMap(e -> TransportFailures.wrap(e, call, options.baseUrl()));
    }

    /**
     * The first bytes of an error answer's body ({@link ErrorBodies}), on a connection then not reused: the rest of
     * the body may be left unread.
     */
    private static Mono<byte[]> errorBody(Connection connection) {
        connection.markPersistent(false);
        return ErrorBodies.firstBytes(connection.inbound().receive().retain());
    }

    /** N of a {@code Content-Range: bytes *}{@code /N} answer, or -1. */
    static long rangeTotal(@Nullable String contentRange) {
        if (contentRange == null || !contentRange.startsWith("bytes */")) {
            return -1;
        }
        try {
            return Long.parseLong(contentRange.substring("bytes */".length()).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Flux<ByteBuf> skip(Flux<ByteBuf> body, long bytes) {
        return Flux.defer(() -> {
            long[] toSkip = {bytes};
            return body.handle((buf, sink) -> {
                if (toSkip[0] >= buf.readableBytes()) {
                    toSkip[0] -= buf.readableBytes();
                    buf.release();
                    return;
                }
                buf.skipBytes((int) toSkip[0]);
                toSkip[0] = 0;
                sink.next(buf);
            });
        });
    }

    private Mono<byte[]> once(ApiCall call) {
        return Mono.defer(() -> {
            BodyAbort abort = new BodyAbort();
            return prepared(call, abort)
                    .flatMap(req -> req.responseConnection((res, connection) -> {
                        Mono<byte[]> bytes = res.status().code() >= 400 ? errorBody(connection)
                                : connection.inbound().receive().aggregate().asByteArray();
                        return bytes.defaultIfEmpty(EMPTY).flatMap(b -> checked(res, b, call));
                    }).next())
                    .onErrorMap(e -> TransportFailures.wrap(e, call, options.baseUrl()))
                    .doOnCancel(abort::cancel);
        });
    }

    private static Mono<byte[]> checked(HttpClientResponse res, byte[] bytes, ApiCall call) {
        int status = res.status().code();
        if (status >= 400) {
            return Mono.error(ApiErrorDecoder.decode(status, res.responseHeaders(), bytes, call.describe()));
        }
        return Mono.just(bytes);
    }

    /**
     * The request ready to send, or an error before any I/O when the key is missing; its body is guarded by
     * {@code abort}, so cancelling the exchange aborts the sending.
     */
    private Mono<HttpClient.ResponseReceiver<?>> prepared(ApiCall call, BodyAbort abort) {
        return Mono.fromCallable(() -> {
            String key = options.apiKey();
            if (key == null) {
                throw new MissingApiKeyException();
            }
            HttpClient client = http.headers(h -> applyHeaders(h, call, key))
                    .doOnRequest((request, connection) -> abort.connected(connection));
            // a URI, not a String: reactor-netty 1.3.7's String parser takes a one-digit port for part of the
            // host name (reactor/reactor-netty#4357), and "127.0.0.1:1" then fails as an unknown host
            HttpClient.RequestSender sender = client.request(call.method())
                    .uri(URI.create(options.baseUrl() + call.path()));
            if (call.body() == null) {
                return sender;
            }
            return sender.send(abort.guard(Flux.from(call.body().get()), call.describe()));
        });
    }

    private void applyHeaders(HttpHeaders h, ApiCall call, String key) {
        if ("authorization".equalsIgnoreCase(options.apiKeyHeader())) {
            h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + key);
        } else {
            h.set(options.apiKeyHeader(), key);
        }
        h.set(HttpHeaderNames.ACCEPT, "application/json");
        if (call.contentType() != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, call.contentType());
        }
        if (call.body() != null) {
            // Without a length reactor-netty sends a Flux body chunked, which OpenAI accepts.
            if (call.contentLength() >= 0) {
                h.set(HttpHeaderNames.CONTENT_LENGTH, call.contentLength());
            }
        }
        call.headers().forEach(h::set);
    }

    /** Retries per policy; the error finally signalled carries every earlier attempt's failure as suppressed. */
    private <T, P extends org.reactivestreams.Publisher<T>> P withRetries(ApiCall call, P source) {
        RetryPolicy policy = options.retryPolicy();
        if (policy.maxRetries() == 0) {
            return source;
        }
        Retry retry = Retry.from(signals -> {
            List<Throwable> earlier = new ArrayList<>();
            return signals.concatMap(signal -> {
                Throwable failure = signal.failure();
                // in a row: a download that broke but delivered more since the last break starts its count afresh
                int attempt = (int) signal.totalRetriesInARow() + 1;
                Duration delay = RetryDecision.delayFor(failure, call.idempotency(), policy, attempt);
                if (delay != null && call.body() != null && !call.replayable().getAsBoolean()) {
                    // decided before a new request is opened, so a one-shot body never costs a doomed attempt
                    failure = cannotResend(call, failure);
                    delay = null;
                }
                if (delay == null) {
                    Throwable last = failure;
                    earlier.forEach(e -> {
                        if (e != last) {
                            last.addSuppressed(e);
                        }
                    });
                    return Mono.error(last);
                }
                earlier.add(failure);
                return Mono.delay(delay);
            });
        });
        @SuppressWarnings("unchecked")
        P retried = source instanceof Mono<?> mono ? (P) ((Mono<T>) mono).retryWhen(retry)
                : (P) ((Flux<T>) source).retryWhen(retry);
        return retried;
    }

    private static <T> T decode(byte[] bytes, Class<T> type, ApiCall call) {
        return readAnswer(call, type, () -> WireJson.mapper().readValue(bytes, type), () -> bytes);
    }

    /**
     * {@code read} of a success answer, or the {@link UnreadableAnswerException} for one that is not a valid
     * {@code type}: malformed, or just {@code null}. {@code bytes}, the answer, is asked for only then.
     */
    public static <T> T readAnswer(ApiCall call, Class<T> type, Supplier<@Nullable T> read, Supplier<byte[]> bytes) {
        T value;
        try {
            value = read.get();
        } catch (RuntimeException e) {
            throw unreadable(call, type, bytes.get(), e);
        }
        if (value == null) {
            throw unreadable(call, type, bytes.get(), new IllegalArgumentException("the answer is null"));
        }
        return value;
    }

    /** The error for a call that must be sent again after {@code failure} but whose body cannot be replayed. */
    public static NotReplayableException cannotResend(ApiCall call, Throwable failure) {
        return new NotReplayableException(call.describe() + " must be sent again after " + failure + ", but its content"
                + " is a one-shot Flux that cannot be replayed; pass a Path or a Supplier<Flux<ByteBuf>> to allow"
                + " retries", failure);
    }

    /** The error for a success answer {@code bytes} that is not a valid {@code type}. */
    private static UnreadableAnswerException unreadable(ApiCall call, Class<?> type, byte[] bytes, Throwable why) {
        String head = new String(bytes, 0, Math.min(bytes.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return new UnreadableAnswerException(call.describe() + ": the server's answer is not a valid "
                + type.getSimpleName() + " (" + JsonErrors.brief(why) + "); it began: " + head, why);
    }

    /** Releases the connection pool: waits up to 5 s, unless on a thread that must not block (then it only starts). */
    @Override
    public void close() {
        if (Schedulers.isInNonBlockingThread()) {
            pool.disposeLater().subscribe(null, e -> { });
            return;
        }
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    /** Releases the connection pool without blocking. */
    public Mono<Void> closeLater() {
        return pool.disposeLater();
    }
}
