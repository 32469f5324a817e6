package io.batchflux.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's request handler: counts the request, checks the API key, resolves the route (404 for unknown
 * paths, 405 for a wrong method), draws the faults to inject, hands over to {@link FileRoutes} or
 * {@link BatchRoutes} and renders any {@link OpenAiError} as OpenAI's error body.
 */
final class EmulatorRoutes implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private record Route(RouteKind kind, @Nullable String id) {
    }

    private final String prefix;
    private final byte @Nullable [] expectedAuthorization;
    private final FaultInjector faults;
    private final EmulatorCounters counters;
    private final FileRoutes files;
    private final BatchRoutes batches;

    EmulatorRoutes(EmulatorOptions options, FaultInjector faults, EmulatorCounters counters, FileRoutes files,
            BatchRoutes batches) {
        this.prefix = options.pathPrefix();
        this.expectedAuthorization = options.apiKey() == null ? null
                : ("Bearer " + options.apiKey()).getBytes(StandardCharsets.UTF_8);
        this.faults = faults;
        this.counters = counters;
        this.files = files;
        this.batches = batches;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        counters.requestServed();
        response.header("x-request-id", IdGenerator.httpRequestId());
        return Mono.defer(() -> handle(request, response))
                .onErrorResume(e -> answerError(response, e));
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        checkAuthorization(request);
        String method = request.method().name();
        Route route = resolve(method, pathOf(request.uri()), response);
        FaultKind fault = faults.beforeHandling(route.kind());
        if (fault == FaultKind.DROP_CONNECTION) {
            return dropConnection(response);
        }
        if (fault == FaultKind.RATE_LIMIT) {
            long millis = faults.options().retryAfter().toMillis();
            response.header(HttpHeaderNames.RETRY_AFTER, String.valueOf((millis + 999) / 1000));
            response.header("retry-after-ms", String.valueOf(millis));
            throw OpenAiError.rateLimited();
        }
        if (fault == FaultKind.SERVER_ERROR) {
            throw OpenAiError.serverError();
        }
        String id = route.id();
        return switch (route.kind()) {
            case UPLOAD_FILE -> files.upload(request, response);
            case LIST_FILES -> files.list(request, response);
            case RETRIEVE_FILE -> files.retrieve(response, id);
            case DELETE_FILE -> files.delete(response, id);
            case DOWNLOAD_FILE -> files.download(request, response, id);
            case CREATE_BATCH -> batches.create(request, response);
            case RETRIEVE_BATCH -> batches.retrieve(response, id);
            case CANCEL_BATCH -> batches.cancel(response, id);
            case LIST_BATCHES -> batches.list(request, response);
        };
    }

    private void checkAuthorization(HttpServerRequest request) {
        if (expectedAuthorization == null) {
            return;
        }
        String given = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        // constant-time comparison: the emulator should not teach a timing oracle to the code under test
        if (given == null || !MessageDigest.isEqual(expectedAuthorization, given.getBytes(StandardCharsets.UTF_8))) {
            throw OpenAiError.unauthorized(given != null);
        }
    }

    private Route resolve(String method, String path, HttpServerResponse response) {
        if (!path.startsWith(prefix + "/")) {
            throw OpenAiError.invalidUrl(method, path);
        }
        String[] s = path.substring(prefix.length() + 1).split("/", -1);
        String collection = s[0];
        boolean known = collection.equals("files") || collection.equals("batches");
        Map<String, RouteKind> methods;
        String id = null;
        if (known && s.length == 1) {
            methods = collection.equals("files") ? Map.of("POST", RouteKind.UPLOAD_FILE, "GET", RouteKind.LIST_FILES)
                    : Map.of("POST", RouteKind.CREATE_BATCH, "GET", RouteKind.LIST_BATCHES);
        } else if (known && s.length == 2 && !s[1].isEmpty()) {
            id = s[1];
            methods = collection.equals("files")
                    ? Map.of("GET", RouteKind.RETRIEVE_FILE, "DELETE", RouteKind.DELETE_FILE)
                    : Map.of("GET", RouteKind.RETRIEVE_BATCH);
        } else if (known && s.length == 3 && !s[1].isEmpty()
                && s[2].equals(collection.equals("files") ? "content" : "cancel")) {
            id = s[1];
            methods = collection.equals("files") ? Map.of("GET", RouteKind.DOWNLOAD_FILE)
                    : Map.of("POST", RouteKind.CANCEL_BATCH);
        } else {
            throw OpenAiError.invalidUrl(method, path);
        }
        RouteKind kind = methods.get(method);
        if (kind == null) {
            response.header(HttpHeaderNames.ALLOW, String.join(", ", methods.keySet()));
            throw OpenAiError.methodNotAllowed(method, path);
        }
        return new Route(kind, id);
    }

    /** The path of a request URI, without query, fragment or trailing slash. */
    static String pathOf(String uri) {
        int end = uri.length();
        int query = uri.indexOf('?');
        int fragment = uri.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        String path = uri.substring(0, end);
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Mono<Void> answerError(HttpServerResponse response, Throwable e) {
        if (response.hasSentHeaders()) {
            // too late for an error body: let the server abort the exchange
            return Mono.error(e);
        }
        OpenAiError error = e instanceof OpenAiError known ? known
                : new OpenAiError(500, "The emulator failed while handling the request: " + e, "server_error", null, null);
        if (error.shouldRetry() != null) {
            response.header("x-should-retry", error.shouldRetry().toString());
        }
        return sendJson(response, error.status(), error.toJson());
    }

    static Mono<Void> sendJson(HttpServerResponse response, int status, JsonNode body) {
        byte[] bytes = EmulatorJson.bytes(body);
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length))
                .sendByteArray(Mono.just(bytes))
                .then();
    }

    /** Closes the connection without a response; completes once it is closed. */
    static Mono<Void> dropConnection(HttpServerResponse response) {
        return Mono.create(sink -> response.withConnection(
                connection -> connection.channel().close().addListener(done -> sink.success())));
    }
}
