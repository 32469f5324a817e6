package io.batchflux.emulator;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which faults the emulator injects, and how often; immutable, every {@code with...} returns a copy.
 *
 * <p>Each rate is a probability in {@code 0.0..1.0} drawn per request from a {@link java.util.SplittableRandom}
 * seeded with {@link #seed()}, so a given sequence of requests meets the same faults on every run. The rates
 * for connection-level faults ({@code rateLimitRate}, {@code serverErrorRate}, {@code dropConnectionRate}) apply
 * to every route in {@link #routes()}; {@code truncateDownloadRate} only to {@code GET /files/{id}/content} and
 * {@code dropAfterCreateRate} only to {@code POST /batches}. Authentication failures are answered before any
 * fault is drawn.
 *
 * <pre>{@code
 * FaultOptions faults = FaultOptions.none().withRateLimitRate(0.3).onlyOn(EnumSet.of(RouteKind.RETRIEVE_BATCH));
 * }</pre>
 *
 * @param rateLimitRate probability of a 429 {@code rate_limit_exceeded}
 * @param serverErrorRate probability of a 500 {@code server_error}
 * @param dropConnectionRate probability of closing the connection without a response
 * @param truncateDownloadRate probability of cutting a file download short after its headers
 * @param dropAfterCreateRate probability of creating a batch and then closing the connection unanswered
 * @param routes the routes faults apply to; empty means all routes
 * @param dropAfterUploadRate probability of storing an uploaded file and then closing the connection unanswered
 *     (only {@code POST /files}): the client cannot know the file exists
 * @param retryAfter the delay announced by 429s ({@code Retry-After} in whole seconds, rounded up, and
 *     {@code retry-after-ms} in milliseconds); default 1 s
 * @param seed the random seed; default 42
 */
public record FaultOptions(
        double rateLimitRate,
        double serverErrorRate,
        double dropConnectionRate,
        double truncateDownloadRate,
        double dropAfterCreateRate,
        double dropAfterUploadRate,
        Set<RouteKind> routes,
        Duration retryAfter,
        long seed) {

    /** Checks every rate is within {@code 0..1}, and copies {@code routes}. */
    public FaultOptions {
        checkRate("rateLimitRate", rateLimitRate);
        checkRate("serverErrorRate", serverErrorRate);
        checkRate("dropConnectionRate", dropConnectionRate);
        checkRate("truncateDownloadRate", truncateDownloadRate);
        checkRate("dropAfterCreateRate", dropAfterCreateRate);
        checkRate("dropAfterUploadRate", dropAfterUploadRate);
        routes = routes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(routes));
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
    }

    /** No faults at all: the default. */
    public static FaultOptions none() {
        return new FaultOptions(0, 0, 0, 0, 0, 0, Set.of(), Duration.ofSeconds(1), 42L);
    }

    /** Whether any fault can ever be injected. */
    public boolean isNone() {
        return rateLimitRate == 0 && serverErrorRate == 0 && dropConnectionRate == 0
                && truncateDownloadRate == 0 && dropAfterCreateRate == 0 && dropAfterUploadRate == 0;
    }

    /** Whether faults apply to {@code route}. */
    public boolean appliesTo(RouteKind route) {
        return routes.isEmpty() || routes.contains(route);
    }

    /** A copy answering 429 with probability {@code rate}. */
    public FaultOptions withRateLimitRate(double rate) {
        return new FaultOptions(rate, serverErrorRate, dropConnectionRate, truncateDownloadRate,
                dropAfterCreateRate, dropAfterUploadRate, routes, retryAfter, seed);
    }

    /** A copy answering 500 with probability {@code rate}. */
    public FaultOptions withServerErrorRate(double rate) {
        return new FaultOptions(rateLimitRate, rate, dropConnectionRate, truncateDownloadRate,
                dropAfterCreateRate, dropAfterUploadRate, routes, retryAfter, seed);
    }

    /** A copy closing connections unanswered with probability {@code rate}. */
    public FaultOptions withDropConnectionRate(double rate) {
        return new FaultOptions(rateLimitRate, serverErrorRate, rate, truncateDownloadRate,
                dropAfterCreateRate, dropAfterUploadRate, routes, retryAfter, seed);
    }

    /** A copy truncating file downloads with probability {@code rate}. */
    public FaultOptions withTruncateDownloadRate(double rate) {
        return new FaultOptions(rateLimitRate, serverErrorRate, dropConnectionRate, rate,
                dropAfterCreateRate, dropAfterUploadRate, routes, retryAfter, seed);
    }

    /** A copy that, with probability {@code rate}, creates a batch and drops the connection unanswered. */
    public FaultOptions withDropAfterCreateRate(double rate) {
        return new FaultOptions(rateLimitRate, serverErrorRate, dropConnectionRate, truncateDownloadRate,
                rate, dropAfterUploadRate, routes, retryAfter, seed);
    }

    /** A copy storing uploads and then dropping the connection unanswered at {@code rate}. */
    public FaultOptions withDropAfterUploadRate(double rate) {
        return new FaultOptions(rateLimitRate, serverErrorRate, dropConnectionRate, truncateDownloadRate,
                dropAfterCreateRate, rate, routes, retryAfter, seed);
    }

    /** A copy injecting faults only on the given routes (an empty set means all routes). */
    public FaultOptions onlyOn(Set<RouteKind> onlyRoutes) {
        return new FaultOptions(rateLimitRate, serverErrorRate, dropConnectionRate, truncateDownloadRate,
                dropAfterCreateRate, dropAfterUploadRate, onlyRoutes, retryAfter, seed);
    }

    /** A copy announcing {@code delay} in its 429 answers. */
    public FaultOptions withRetryAfter(Duration delay) {
        return new FaultOptions(rateLimitRate, serverErrorRate, dropConnectionRate, truncateDownloadRate,
                dropAfterCreateRate, dropAfterUploadRate, routes, delay, seed);
    }

    /** A copy drawing its faults from a random sequence seeded with {@code newSeed}. */
    public FaultOptions withSeed(long newSeed) {
        return new FaultOptions(rateLimitRate, serverErrorRate, dropConnectionRate, truncateDownloadRate,
                dropAfterCreateRate, dropAfterUploadRate, routes, retryAfter, newSeed);
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within 0.0..1.0, was " + rate);
        }
    }
}
