package io.batchflux.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link BatchEmulator} listens, authenticates, times its batches and misbehaves; immutable, every
 * {@code with...} returns a copy. Start from {@link #defaults()}.
 *
 * <pre>{@code
 * EmulatorOptions options = EmulatorOptions.defaults()
 *         .withApiKey("sk-test")
 *         .withPerRequestDelay(Duration.ZERO)
 *         .withFaults(FaultOptions.none().withServerErrorRate(0.2));
 * }</pre>
 *
 * @param host the address to bind; default {@code 127.0.0.1}
 * @param port the port to bind; default {@code 0}, an ephemeral port
 * @param apiKey when set, every request must carry {@code Authorization: Bearer <apiKey>} or is answered 401;
 *     default null (no authentication)
 * @param storageDir where uploaded and result files are kept; default null, a fresh temporary directory that
 *     {@link BatchEmulator#close()} deletes (a directory given here is left in place)
 * @param pathPrefix the prefix of every route; default {@code /v1}; empty serves the routes at the root
 * @param validationDelay how long a batch stays {@code validating}; default 200 ms
 * @param perRequestDelay how long executing one request takes; default 5 ms
 * @param finalizingDelay how long a batch stays {@code finalizing}; default 200 ms
 * @param cancellingDelay how long a batch stays {@code cancelling}; default 200 ms
 * @param completionWindowOverride when set, batches expire this long (in real time) after creation instead of
 *     after their {@code completion_window}; default null
 * @param maxRequestsPerBatch the most requests an input file may hold; default 50,000
 * @param maxFileBytes the largest upload accepted, in bytes; default 200 MB (200 * 1024 * 1024)
 * @param clock the source of every timestamp the emulator reports; default the system UTC clock
 * @param faults the faults to inject; default {@link FaultOptions#none()}
 */
public record EmulatorOptions(
        String host,
        int port,
        @Nullable String apiKey,
        @Nullable Path storageDir,
        String pathPrefix,
        Duration validationDelay,
        Duration perRequestDelay,
        Duration finalizingDelay,
        Duration cancellingDelay,
        @Nullable Duration completionWindowOverride,
        int maxRequestsPerBatch,
        long maxFileBytes,
        Clock clock,
        FaultOptions faults) {

    /** Checks ranges: port 0..65535, no negative durations, positive limits, prefix {@code ""} or {@code /x}. */
    public EmulatorOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        if (!pathPrefix.isEmpty() && (!pathPrefix.startsWith("/") || pathPrefix.endsWith("/"))) {
            throw new IllegalArgumentException("pathPrefix must be empty or start, but not end, with '/': " + pathPrefix);
        }
        checkDelay("validationDelay", validationDelay);
        checkDelay("perRequestDelay", perRequestDelay);
        checkDelay("finalizingDelay", finalizingDelay);
        checkDelay("cancellingDelay", cancellingDelay);
        if (completionWindowOverride != null) {
            checkDelay("completionWindowOverride", completionWindowOverride);
        }
        if (maxRequestsPerBatch < 1) {
            throw new IllegalArgumentException("maxRequestsPerBatch must be positive, was " + maxRequestsPerBatch);
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, was " + maxFileBytes);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(faults, "faults");
    }

    /** The defaults listed on this record: loopback, ephemeral port, no key, short delays, no faults. */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions("127.0.0.1", 0, null, null, "/v1", Duration.ofMillis(200), Duration.ofMillis(5),
                Duration.ofMillis(200), Duration.ofMillis(200), null, 50_000, 200L * 1024 * 1024, Clock.systemUTC(),
                FaultOptions.none());
    }

    /** A copy binding {@code newHost}. */
    public EmulatorOptions withHost(String newHost) {
        return new EmulatorOptions(newHost, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy binding {@code newPort} (0 for an ephemeral port). */
    public EmulatorOptions withPort(int newPort) {
        return new EmulatorOptions(host, newPort, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy demanding {@code Authorization: Bearer <key>}, or no authentication when {@code key} is null. */
    public EmulatorOptions withApiKey(@Nullable String key) {
        return new EmulatorOptions(host, port, key, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy storing files in {@code dir} (kept on close), or in a temporary directory when null. */
    public EmulatorOptions withStorageDir(@Nullable Path dir) {
        return new EmulatorOptions(host, port, apiKey, dir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy serving its routes under {@code prefix}, e.g. {@code /openai/v1}. */
    public EmulatorOptions withPathPrefix(String prefix) {
        return new EmulatorOptions(host, port, apiKey, storageDir, prefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy keeping batches {@code validating} for {@code delay}. */
    public EmulatorOptions withValidationDelay(Duration delay) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, delay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy spending {@code delay} on each executed request. */
    public EmulatorOptions withPerRequestDelay(Duration delay) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, delay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy keeping batches {@code finalizing} for {@code delay}. */
    public EmulatorOptions withFinalizingDelay(Duration delay) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                delay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy keeping batches {@code cancelling} for {@code delay}. */
    public EmulatorOptions withCancellingDelay(Duration delay) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, delay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy expiring batches {@code window} after creation, whatever their {@code completion_window}. */
    public EmulatorOptions withCompletionWindowOverride(@Nullable Duration window) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, window, maxRequestsPerBatch, maxFileBytes, clock, faults);
    }

    /** A copy accepting at most {@code max} requests per input file. */
    public EmulatorOptions withMaxRequestsPerBatch(int max) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, max, maxFileBytes, clock, faults);
    }

    /** A copy accepting uploads of at most {@code max} bytes. */
    public EmulatorOptions withMaxFileBytes(long max) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, max, clock, faults);
    }

    /** A copy taking its timestamps from {@code newClock}. */
    public EmulatorOptions withClock(Clock newClock) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, newClock, faults);
    }

    /** A copy injecting {@code newFaults}. */
    public EmulatorOptions withFaults(FaultOptions newFaults) {
        return new EmulatorOptions(host, port, apiKey, storageDir, pathPrefix, validationDelay, perRequestDelay,
                finalizingDelay, cancellingDelay, completionWindowOverride, maxRequestsPerBatch, maxFileBytes, clock, newFaults);
    }

    /** Describes the options with the API key masked, so it never lands in a log. */
    @Override
    public String toString() {
        return "EmulatorOptions[host=" + host + ", port=" + port + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", storageDir=" + storageDir + ", pathPrefix=" + pathPrefix + ", validationDelay=" + validationDelay
                + ", perRequestDelay=" + perRequestDelay + ", finalizingDelay=" + finalizingDelay
                + ", cancellingDelay=" + cancellingDelay + ", completionWindowOverride=" + completionWindowOverride
                + ", maxRequestsPerBatch=" + maxRequestsPerBatch + ", maxFileBytes=" + maxFileBytes
                + ", clock=" + clock + ", faults=" + faults + "]";
    }

    private static void checkDelay(String name, @Nullable Duration delay) {
        Objects.requireNonNull(delay, name);
        if (delay.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + delay);
        }
    }
}
