package io.batchflux.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The live counters behind {@link EmulatorStats}; safe to bump from any thread. */
final class EmulatorCounters {

    private final AtomicLong requestsServed = new AtomicLong();
    private final AtomicLong uploadsCompleted = new AtomicLong();
    private final AtomicLong uploadsAborted = new AtomicLong();
    private final AtomicLong batchesCreated = new AtomicLong();
    private final AtomicLongArray faults = new AtomicLongArray(FaultKind.values().length);

    void requestServed() {
        requestsServed.incrementAndGet();
    }

    void uploadCompleted() {
        uploadsCompleted.incrementAndGet();
    }

    void uploadAborted() {
        uploadsAborted.incrementAndGet();
    }

    void batchCreated() {
        batchesCreated.incrementAndGet();
    }

    void faultInjected(FaultKind kind) {
        faults.incrementAndGet(kind.ordinal());
    }

    EmulatorStats snapshot() {
        Map<FaultKind, Long> byKind = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            long count = faults.get(kind.ordinal());
            if (count > 0) {
                byKind.put(kind, count);
            }
        }
        return new EmulatorStats(requestsServed.get(), uploadsCompleted.get(), uploadsAborted.get(), byKind,
                batchesCreated.get());
    }
}
