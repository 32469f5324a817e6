package io.batchflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.emulator.FaultKind;
import io.batchflux.emulator.FaultOptions;
import io.batchflux.emulator.RouteKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/** Files listing, and no orphan left behind by an upload whose answer was lost after the server stored it. */
class OrphanUploadTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static BatchClient client(BatchEmulator emulator) {
        return BatchClient.create(BatchClientOptions.builder().apiKey("k").baseUrl(emulator.baseUrl())
                .retryPolicy(RetryPolicy.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))).build());
    }

    @Test
    void uploadStoredButUnansweredLeavesNoOrphanFile(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"m\"}}\n");
        FaultOptions faults = FaultOptions.none().withDropAfterUploadRate(1.0).onlyOn(Set.of(RouteKind.UPLOAD_FILE));
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("k").withFaults(faults));
                BatchClient client = client(emulator)) {
            StepVerifier.create(client.files().upload(input, UploadOptions.defaults()))
                    .expectErrorSatisfies(e -> assertTrue(
                            assertInstanceOf(BatchTransportException.class, e).mayHaveBeenProcessed()))
                    .verify(WAIT);
            // each lost answer is sent again, as many times as the policy allows (4 by default)
            assertEquals(5, emulator.stats().faults(FaultKind.DROP_AFTER_UPLOAD), "the server stored every attempt");
            assertEquals(5, emulator.stats().uploadsCompleted());
            assertEquals(0, emulator.storedFileCount(), "the orphans were found and deleted");
            assertTrue(client.files().list("batch", null, 10).block(WAIT).data().isEmpty());
        }
    }

    @Test
    void filesAreListedNewestFirstByPurposeWithACursor() {
        try (BatchEmulator emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey("k"));
                BatchClient client = client(emulator)) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String text = "x" + i;
                ids.add(0, client.files().upload(() -> reactor.core.publisher.Flux.just(io.netty.buffer.Unpooled
                        .copiedBuffer(text, java.nio.charset.StandardCharsets.UTF_8)), UploadOptions.defaults())
                        .block(WAIT).id());
            }
            FilePage first = client.files().list("batch", null, 2).block(WAIT);
            assertEquals(ids.subList(0, 2), first.data().stream().map(FileObject::id).toList());
            assertTrue(first.hasMore());
            FilePage second = client.files().list("batch", first.lastId(), 2).block(WAIT);
            assertEquals(ids.subList(2, 3), second.data().stream().map(FileObject::id).toList());
            assertFalse(second.hasMore());
            assertTrue(client.files().list("fine-tune", null, 10).block(WAIT).data().isEmpty());
        }
    }
}
