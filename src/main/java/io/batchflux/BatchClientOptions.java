package io.batchflux;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link BatchClient}: API key, base URL (any path prefix, e.g.
 * {@code https://host/openai/v1}), extra headers, timeouts, retries and connection pool size.
 *
 * <p>{@link #fromEnv()} reads {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL}. Build with {@link #builder()}
 * and change a copy with {@link #mutate()}. {@code toString()} never shows the key.
 *
 * <p>Defaults: base URL {@value #DEFAULT_BASE_URL}, connect timeout 10 s, idle read timeout 120 s (the longest
 * silence tolerated while a response is read; there is deliberately no total-call timeout, since result
 * downloads of hundreds of megabytes are normal), {@link RetryPolicy#defaults()}, 16 connections.
 */
public final class BatchClientOptions {
    /** OpenAI's public API. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final @Nullable String apiKey;
    private final String baseUrl;
    private final String apiKeyHeader;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Duration readIdleTimeout;
    private final RetryPolicy retryPolicy;
    private final int maxConnections;

    private BatchClientOptions(Builder b) {
        this.apiKey = b.apiKey == null || b.apiKey.isBlank() ? null : b.apiKey.trim();
        this.baseUrl = normaliseBaseUrl(b.baseUrl);
        this.apiKeyHeader = b.apiKeyHeader;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.connectTimeout = b.connectTimeout;
        this.readIdleTimeout = b.readIdleTimeout;
        this.retryPolicy = b.retryPolicy;
        this.maxConnections = b.maxConnections;
    }

    /** A builder with the defaults and no API key. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options from {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL} (the default base URL when unset). */
    public static BatchClientOptions fromEnv() {
        return fromEnv(System::getenv);
    }

    /** Options from the given environment lookup; tests pass a map's {@code get}. */
    public static BatchClientOptions fromEnv(Function<String, @Nullable String> env) {
        Builder b = builder().apiKey(env.apply("OPENAI_API_KEY"));
        String base = env.apply("OPENAI_BASE_URL");
        if (base != null && !base.isBlank()) {
            b.baseUrl(base);
        }
        return b.build();
    }

    /** A builder holding these options, to derive a changed copy. */
    public Builder mutate() {
        Builder b = new Builder();
        b.apiKey = apiKey;
        b.baseUrl = baseUrl;
        b.apiKeyHeader = apiKeyHeader;
        b.headers.putAll(headers);
        b.connectTimeout = connectTimeout;
        b.readIdleTimeout = readIdleTimeout;
        b.retryPolicy = retryPolicy;
        b.maxConnections = maxConnections;
        return b;
    }

    /** The API key, or null when none is configured (every call then fails before any I/O). */
    public @Nullable String apiKey() {
        return apiKey;
    }

    /** The base URL without trailing slash, e.g. {@code https://api.openai.com/v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The header carrying the key: {@code Authorization} (as {@code Bearer <key>}) or e.g. Azure's {@code api-key}. */
    public String apiKeyHeader() {
        return apiKeyHeader;
    }

    /** Extra headers sent with every request. */
    public Map<String, String> headers() {
        return headers;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The longest silence tolerated while waiting for or reading a response. */
    public Duration readIdleTimeout() {
        return readIdleTimeout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Whether the base URL is plain http to a host other than the loopback interface. */
    public boolean isInsecureRemote() {
        URI uri = URI.create(baseUrl);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1");
        return "http".equalsIgnoreCase(uri.getScheme()) && !loopback;
    }

    @Override
    public String toString() {
        return "BatchClientOptions{baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "<none>" : "<redacted>")
                + ", apiKeyHeader=" + apiKeyHeader + ", headers=" + headers.keySet() + ", connectTimeout="
                + connectTimeout + ", readIdleTimeout=" + readIdleTimeout + ", retryPolicy=" + retryPolicy
                + ", maxConnections=" + maxConnections + '}';
    }

    private static String normaliseBaseUrl(String raw) {
        String trimmed = raw.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base URL is not a valid URL: " + raw, e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "base URL must be an http(s) URL such as " + DEFAULT_BASE_URL + ", got: " + raw);
        }
        if (uri.getRawUserInfo() != null) {
            // not sent by the HTTP client, so a gateway would answer 401 without saying why; and never echoed here
            throw new IllegalArgumentException("base URL must not carry a user name or password (user:password@"
                    + uri.getHost() + "): send credentials as the API key or a header");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("base URL must not carry a query or fragment: " + raw);
        }
        return trimmed;
    }

    /** Collects settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private @Nullable String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private String apiKeyHeader = "Authorization";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readIdleTimeout = Duration.ofSeconds(120);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULTS;
        private int maxConnections = 16;

        private Builder() {}

        public Builder apiKey(@Nullable String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Send the key in this header instead of {@code Authorization: Bearer}; Azure uses {@code api-key}. */
        public Builder apiKeyHeader(String headerName) {
            this.apiKeyHeader = headerName;
            return this;
        }

        /** Adds a header to every request (e.g. {@code OpenAI-Organization}, a proxy's routing header). */
        public Builder header(String name, String value) {
            this.headers.put(name, value);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder readIdleTimeout(Duration timeout) {
            this.readIdleTimeout = timeout;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = policy;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** Validates and freezes the settings. */
        public BatchClientOptions build() {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            if (readIdleTimeout.isNegative() || readIdleTimeout.isZero()) {
                throw new IllegalArgumentException("readIdleTimeout must be positive");
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1");
            }
            if (apiKeyHeader == null || apiKeyHeader.isBlank()) {
                throw new IllegalArgumentException("apiKeyHeader must not be blank");
            }
            headers.forEach((k, v) -> {
                if (k == null || v == null || k.isBlank()) {
                    throw new IllegalArgumentException("headers must have non-blank names and non-null values");
                }
            });
            return new BatchClientOptions(this);
        }
    }
}
