package io.batchflux.cli;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code emulator}: serves the Batch API emulator on 127.0.0.1 ({@code --port}, default 8089) until Ctrl-C or
 * until the running thread is interrupted, and says how to point the CLI at it. It accepts any API key.
 */
final class EmulatorCommand {
    private EmulatorCommand() {}

    static int run(Session s) {
        int port = s.options.port;
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535, got " + port);
        }
        BatchEmulator emulator;
        try {
            emulator = BatchEmulator.start(EmulatorOptions.defaults().withHost("127.0.0.1").withPort(port)
                    .withMaxRequestsPerBatch((int) Math.min(Integer.MAX_VALUE, s.options.maxRequests))
                    .withMaxFileBytes(s.options.maxBytes));
        } catch (RuntimeException e) {
            throw new UsageException("cannot start the emulator on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); is the port taken? choose another with --port");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "batchflux-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintStream human = s.human();
        if (s.options.json) {
            s.out.println("{\"base_url\":\"" + emulator.baseUrl() + "\",\"port\":" + emulator.port() + "}");
        }
        human.println("🧪 Batch API emulator listening on " + emulator.baseUrl());
        human.println("   Point the CLI (or any OpenAI SDK) at it:");
        human.println("   export OPENAI_BASE_URL=" + emulator.baseUrl() + " OPENAI_API_KEY=anything");
        human.println("   java -jar batchflux.jar -action create -requests \"user: Hello\"");
        human.println("   Press Ctrl-C to stop.");
        s.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // an embedding thread (a test) stops the emulator by interrupting us
            Runtime.getRuntime().removeShutdownHook(hook);
            emulator.close();
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_OK;
    }
}
