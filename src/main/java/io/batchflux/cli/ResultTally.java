package io.batchflux.cli;

import io.batchflux.BatchResult;

/** Counts results by outcome for the summary line. */
final class ResultTally {
    private long ok;
    private long failed;
    private long notExecuted;

    void add(BatchResult result) {
        if (result instanceof BatchResult.Succeeded) {
            ok++;
        } else if (result instanceof BatchResult.Failed) {
            failed++;
        } else {
            // not executed (expired, cancelled) and missing from both files: no answer either way
            notExecuted++;
        }
    }

    /** {@code 📊 results: N ok, M failed, K not executed}. */
    String summary() {
        return "📊 results: " + ok + " ok, " + failed + " failed, " + notExecuted + " not executed";
    }
}
