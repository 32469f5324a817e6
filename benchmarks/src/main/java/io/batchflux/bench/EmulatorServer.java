package io.batchflux.bench;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The emulator in its own JVM for whole-process measurements: binds 127.0.0.1 on an ephemeral port, prints
 * {@code PORT <n>}, and runs until its standard input reaches end of file (so a script can stop it without a
 * signal and {@code /usr/bin/time} still reports).
 *
 * <p>Arguments: {@code maxFileBytes maxRequestsPerBatch validationDelayMs} (per-request delay is zero).
 */
public final class EmulatorServer {
    private EmulatorServer() {}

    public static void main(String[] args) throws IOException {
        long maxFileBytes = args.length > 0 ? Long.parseLong(args[0]) : 8L << 30;
        int maxRequests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        long validationMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
        EmulatorOptions options = EmulatorOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withMaxFileBytes(maxFileBytes)
                .withMaxRequestsPerBatch(maxRequests)
                .withValidationDelay(Duration.ofMillis(validationMs))
                .withPerRequestDelay(Duration.ZERO)
                .withFinalizingDelay(Duration.ZERO);
        try (BatchEmulator emulator = BatchEmulator.start(options)) {
            System.out.println("PORT " + emulator.port());
            System.out.flush();
            InputStream in = System.in;
            byte[] sink = new byte[256];
            while (in.read(sink) >= 0) {
                // wait for end of input
            }
            System.out.println("STATS " + emulator.stats());
        }
    }
}
