package io.batchflux.bench;

import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;

/** The client the whole-process mains use: the emulator's base URL and a dummy key. */
final class Clients {
    private Clients() {}

    static BatchClient forBaseUrl(String baseUrl) {
        return BatchClient.create(BatchClientOptions.builder().baseUrl(baseUrl).apiKey("sk-bench").build());
    }

    static void result(String what, String fields) {
        System.out.println("RESULT " + what + " " + fields);
        System.out.flush();
    }

    static double mbPerSec(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}
