package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.RequestCounts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows a batch's progress while it is watched. On a terminal one line is redrawn in place with {@code \r}
 * (status, counts, a bar, elapsed time, ETA); into a pipe or file each change gets its own plain line, e.g.
 * {@code ⏳ batch_x in_progress 3/10 done (ok=3 fail=0) elapsed 00:04}, so logs stay readable.
 */
final class ProgressLine {
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean redraw;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private int drawnWidth;
    private String lastPlain = "";

    ProgressLine(PrintStream out, boolean redraw) {
        this(out, redraw, System::nanoTime);
    }

    ProgressLine(PrintStream out, boolean redraw, LongSupplier nanoClock) {
        this.out = out;
        this.redraw = redraw;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    void update(Batch batch) {
        Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - startNanos);
        RequestCounts c = batch.requestCounts();
        if (redraw) {
            String line = "⏳ " + batch.id() + " " + batch.status() + " " + bar(c) + " " + c.finished() + "/"
                    + c.total() + " (ok=" + c.completed() + " fail=" + c.failed() + ") elapsed " + clock(elapsed)
                    + eta(c, elapsed);
            // pad over the remains of a longer previous line
            out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            out.flush();
            drawnWidth = line.length();
        } else {
            String plain = "⏳ " + batch.id() + " " + batch.status() + " " + c.finished() + "/" + c.total()
                    + " done (ok=" + c.completed() + " fail=" + c.failed() + ")";
            if (!plain.equals(lastPlain)) {
                out.println(plain + " elapsed " + clock(elapsed));
                lastPlain = plain;
            }
        }
    }

    /** Ends the redrawn line so what follows starts on a fresh one. */
    void finish() {
        if (redraw && drawnWidth > 0) {
            out.println();
            drawnWidth = 0;
        }
    }

    private static String bar(RequestCounts c) {
        int filled = c.total() == 0 ? 0 : (int) Math.min(BAR_WIDTH, c.finished() * BAR_WIDTH / c.total());
        return "[" + "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String eta(RequestCounts c, Duration elapsed) {
        if (c.finished() == 0 || c.total() <= c.finished()) {
            return "";
        }
        long remainingMillis = elapsed.toMillis() * (c.total() - c.finished()) / c.finished();
        return " ETA " + clock(Duration.ofMillis(remainingMillis));
    }

    /** {@code mm:ss}, or {@code h:mm:ss} past an hour. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}
