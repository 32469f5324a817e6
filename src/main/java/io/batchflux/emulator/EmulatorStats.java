package io.batchflux.emulator;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of what a {@link BatchEmulator} has done since it started, for assertions in tests.
 *
 * @param requestsServed HTTP requests received, whatever their answer (faults and errors included)
 * @param uploadsCompleted {@code POST /files} uploads stored as files
 * @param uploadsAborted uploads whose body ended before the closing multipart boundary (nothing was stored)
 * @param faultsInjected faults injected so far, by kind; kinds never injected are absent
 * @param batchesCreated batches created, including those whose answer a fault then dropped
 */
public record EmulatorStats(
        long requestsServed,
        long uploadsCompleted,
        long uploadsAborted,
        Map<FaultKind, Long> faultsInjected,
        long batchesCreated) {

    /** Copies {@code faultsInjected}. */
    public EmulatorStats {
        faultsInjected = faultsInjected.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(faultsInjected));
    }

    /** How many faults of {@code kind} were injected; 0 when none. */
    public long faults(FaultKind kind) {
        return faultsInjected.getOrDefault(kind, 0L);
    }
}
