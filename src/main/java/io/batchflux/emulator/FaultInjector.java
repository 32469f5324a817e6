package io.batchflux.emulator;

import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Draws the faults of {@link FaultOptions} from one seeded random sequence, so the same sequence of requests
 * meets the same faults on every run. A draw consumes a random number only when its rate is non-zero, so adding
 * a fault kind elsewhere does not reshuffle an existing test's faults.
 */
final class FaultInjector {

    private final FaultOptions options;
    private final EmulatorCounters counters;
    private final SplittableRandom random;

    FaultInjector(FaultOptions options, EmulatorCounters counters) {
        this.options = options;
        this.counters = counters;
        this.random = new SplittableRandom(options.seed());
    }

    FaultOptions options() {
        return options;
    }

    /** The fault to answer {@code route} with before handling it (drop, 429 or 500), or null for none. */
    @Nullable FaultKind beforeHandling(RouteKind route) {
        if (!options.appliesTo(route)) {
            return null;
        }
        if (draw(options.dropConnectionRate())) {
            return counted(FaultKind.DROP_CONNECTION);
        }
        if (draw(options.rateLimitRate())) {
            return counted(FaultKind.RATE_LIMIT);
        }
        if (draw(options.serverErrorRate())) {
            return counted(FaultKind.SERVER_ERROR);
        }
        return null;
    }

    /** Whether this download is cut short after its headers. */
    boolean truncateDownload() {
        return options.appliesTo(RouteKind.DOWNLOAD_FILE) && draw(options.truncateDownloadRate())
                && counted(FaultKind.TRUNCATE_DOWNLOAD) != null;
    }

    /** Whether this created batch goes unanswered. */
    boolean dropAfterCreate() {
        return options.appliesTo(RouteKind.CREATE_BATCH) && draw(options.dropAfterCreateRate())
                && counted(FaultKind.DROP_AFTER_CREATE) != null;
    }

    /** Whether this stored upload goes unanswered. */
    boolean dropAfterUpload() {
        return options.appliesTo(RouteKind.UPLOAD_FILE) && draw(options.dropAfterUploadRate())
                && counted(FaultKind.DROP_AFTER_UPLOAD) != null;
    }

    private synchronized boolean draw(double rate) {
        // SplittableRandom is not thread-safe; requests arrive on several event loops
        return rate > 0 && random.nextDouble() < rate;
    }

    private FaultKind counted(FaultKind kind) {
        counters.faultInjected(kind);
        return kind;
    }
}
