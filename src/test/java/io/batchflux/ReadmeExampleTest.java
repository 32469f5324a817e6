package io.batchflux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** The README's "library in 20 lines", run as written (with the emulator's base URL in place of the env). */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAsWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("requests.txt");
        Files.writeString(file, "system: You are a helpful assistant. || user: Hello /// user: How are you?");
        List<String> printed = new ArrayList<>();
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("sk-test"))) {
            BatchClientOptions fromEnv = BatchClientOptions.fromEnv(
                    name -> name.equals("OPENAI_API_KEY") ? "sk-test" : emulator.baseUrl());
            // --- as in README.md, printing into a list ---
            try (BatchClient client = BatchClient.create(fromEnv)) {
                Flux<BatchRequest> requests = BatchRequests.fromFile(file, "gpt-4o-mini");
                client.run(requests, SubmitOptions.defaults(), PollingOptions.every(Duration.ofMillis(50)))
                        .doOnNext(event -> {
                            if (event instanceof BatchEvent.Progress p) {
                                printed.add(p.batch().status() + " " + p.batch().requestCounts());
                            } else if (event instanceof BatchEvent.Result r
                                    && r.result() instanceof BatchResult.Succeeded ok) {
                                printed.add(ok.customId() + ": " + ok.chatContent().orElse(""));
                            } else if (event instanceof BatchEvent.Result r) {
                                printed.add(r.result().customId() + " failed: " + r.result());
                            }
                        })
                        .blockLast(Duration.ofSeconds(30));
            }
        }
        assertEquals(List.of("001: echo: Hello", "002: echo: How are you?"),
                printed.subList(printed.size() - 2, printed.size()));
    }
}
