package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.Batch;
import io.batchflux.BatchStatus;
import io.batchflux.RequestCounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: redrawn in place on a terminal, one line per change otherwise. */
class ProgressLineTest {
    private static Batch batch(String status, long total, long ok, long failed) {
        return new Batch("batch_1", "batch", null, null, null, null, null, BatchStatus.of(status), null, null, null,
                null, null, null, null, null, null, null, null, new RequestCounts(total, ok, failed), null, Map.of());
    }

    @Test
    void terminalModeRedrawsOneLineWithBarElapsedAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, now::get);
        now.set(Duration.ofSeconds(4).toNanos());
        line.update(batch("in_progress", 10, 2, 0));
        now.set(Duration.ofSeconds(8).toNanos());
        line.update(batch("in_progress", 10, 5, 0));
        line.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r⏳ batch_1 in_progress [████░░░░░░░░░░░░░░░░] 2/10 (ok=2 fail=0) elapsed 00:04 "
                + "ETA 00:16"), out);
        assertTrue(out.contains("\r⏳ batch_1 in_progress [██████████░░░░░░░░░░] 5/10 (ok=5 fail=0) elapsed 00:08 "
                + "ETA 00:08"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line in all");
    }

    @Test
    void plainModePrintsOnlyChanges() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> 0L);
        line.update(batch("validating", 0, 0, 0));
        line.update(batch("validating", 0, 0, 0));
        line.update(batch("in_progress", 10, 3, 0));
        assertEquals("⏳ batch_1 validating 0/0 done (ok=0 fail=0) elapsed 00:00\n"
                + "⏳ batch_1 in_progress 3/10 done (ok=3 fail=0) elapsed 00:00\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
