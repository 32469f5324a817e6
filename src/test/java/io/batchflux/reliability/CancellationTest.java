package io.batchflux.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.Batch;
import io.batchflux.BatchClient;
import io.batchflux.BatchClientOptions;
import io.batchflux.BatchResult;
import io.batchflux.CreateBatchParams;
import io.batchflux.FileObject;
import io.batchflux.PollingOptions;
import io.batchflux.UploadOptions;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.json.WireJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Disposing a subscription releases what it held: an upload's buffers and connection (the emulator sees the
 * upload abandoned), a file upload's file handle, a watch's polling, a result download's buffers and connection.
 */
class CancellationTest {
    private static final String KEY = "sk-cancel";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static BatchEmulator emulator;
    private static BatchClient client;

    @BeforeAll
    static void start() {
        // batches stay validating for an hour: a watch has something to poll for as long as the test needs
        emulator = BatchEmulator.start(EmulatorOptions.defaults().withApiKey(KEY)
                .withValidationDelay(Duration.ofHours(1)).withUploadIdleTimeout(Duration.ofSeconds(1)));
        client = BatchClient.create(BatchClientOptions.builder().apiKey(KEY).baseUrl(emulator.baseUrl()).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.close();
    }

    private static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void cancellingAStreamedUploadReleasesEveryBufferAndAbandonsTheUpload() throws Exception {
        long abortedBefore = emulator.stats().uploadsAborted();
        List<ByteBuf> produced = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(50);
        byte[] line = ("{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n")
                .getBytes(StandardCharsets.UTF_8);
        Flux<ByteBuf> endless = Flux.generate(sink -> {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(64 * 1024);
            while (buf.writableBytes() >= line.length) {
                buf.writeBytes(line);
            }
            produced.add(buf);
            enough.countDown();
            sink.next(buf);
        });
        Disposable upload = client.files().upload(endless, UploadOptions.defaults()).subscribe(f -> { }, e -> { });
        assertTrue(enough.await(20, TimeUnit.SECONDS), "the upload did not start streaming");
        upload.dispose();
        try {
            await("every produced buffer released", Duration.ofSeconds(5),
                    () -> produced.stream().allMatch(b -> b.refCnt() == 0));
        } catch (AssertionError e) {
            long held = produced.stream().filter(b -> b.refCnt() > 0).count();
            throw new AssertionError(held + " of " + produced.size() + " produced buffers still referenced 5 s after"
                    + " cancel", e);
        }
        await("the emulator saw the upload abandoned and removed its temporary file", Duration.ofSeconds(10),
                () -> emulator.stats().uploadsAborted() > abortedBefore && emulator.temporaryFileCount() == 0);
        assertEquals(0, emulator.storedFileCount() - storedNonUploads(), "nothing stored");
    }

    @Test
    void cancellingAFastStreamedUploadReleasesItsBuffersAndClosesTheConnection() throws Exception {
        long abortedBefore = emulator.stats().uploadsAborted();
        List<ByteBuf> produced = new CopyOnWriteArrayList<>();
        Flux<ByteBuf> endless = Flux.generate(sink -> {
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(64 * 1024);
            buf.writeZero(64 * 1024);
            produced.add(buf);
            sink.next(buf);
        });
        Disposable upload = client.files().upload(endless, UploadOptions.defaults()).subscribe(f -> { }, e -> { });
        await("the upload streams", Duration.ofSeconds(20), () -> produced.size() >= 50);
        upload.dispose();
        await("every produced buffer released", Duration.ofSeconds(5),
                () -> produced.stream().allMatch(b -> b.refCnt() == 0));
        int producedAtCancel = produced.size();
        await("the server saw the connection closed and dropped the upload", Duration.ofSeconds(10),
                () -> emulator.stats().uploadsAborted() > abortedBefore && emulator.temporaryFileCount() == 0);
        assertTrue(produced.size() - producedAtCancel < 8, "the source stops being pulled after cancel");
    }

    private static int storedNonUploads() {
        return 0;
    }

    @Test
    void cancellingAFileUploadClosesTheFile(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.jsonl");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(150L * 1024 * 1024); // sparse: costs no disk to read
        }
        assertFalse(openFds().contains(big.toRealPath().toString()));
        Disposable upload = client.files().upload(big, UploadOptions.defaults()).subscribe(f -> { }, e -> { });
        await("the file is being read", Duration.ofSeconds(10), () -> openFds().contains(realPath(big)));
        upload.dispose();
        await("the file handle is closed after cancel", Duration.ofSeconds(5), () -> !openFds().contains(realPath(big)));
        await("the emulator dropped the abandoned upload", Duration.ofSeconds(10),
                () -> emulator.temporaryFileCount() == 0);
    }

    @Test
    void cancellingAWatchStopsPolling() throws Exception {
        FileObject file = client.files().upload(Flux.just(Unpooled.copiedBuffer(
                "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\"}}\n",
                StandardCharsets.UTF_8)), UploadOptions.defaults()).block(WAIT);
        Batch batch = client.batches().create(CreateBatchParams.of(file.id())).block(WAIT);
        long before = emulator.stats().requestsServed();
        Disposable watch = client.watch(batch.id(), PollingOptions.every(Duration.ofMillis(20))).subscribe();
        await("the watch polls", Duration.ofSeconds(5), () -> emulator.stats().requestsServed() >= before + 5);
        watch.dispose();
        Thread.sleep(100); // a poll already in flight may still arrive
        long afterCancel = emulator.stats().requestsServed();
        Thread.sleep(500);
        assertEquals(afterCancel, emulator.stats().requestsServed(), "no poll after the watch was disposed");
    }

    @Test
    void cancellingResultsReleasesBuffersAndStopsTheDownload() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            out.append("{\"id\":\"batch_req_").append(i).append("\",\"custom_id\":\"r").append(i)
                    .append("\",\"response\":{\"status_code\":200,\"request_id\":\"q\",\"body\":{\"n\":").append(i)
                    .append("}},\"error\":null}\n");
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8); // ~6 MB
        FileObject output = client.files().upload(Flux.just(Unpooled.wrappedBuffer(bytes)), UploadOptions.defaults())
                .block(WAIT);
        Batch completed = WireJson.mapper().readValue("{\"id\":\"batch_synthetic\",\"status\":\"completed\","
                + "\"output_file_id\":\"" + output.id() + "\",\"request_counts\":{\"total\":60000,\"completed\":60000,"
                + "\"failed\":0}}", Batch.class);
        List<BatchResult> first = client.results(completed).take(100).collectList().block(WAIT);
        assertEquals(100, first.size());
        assertEquals("r99", first.get(99).customId());

        // the same download at byte level: after cancel no more bytes arrive, far fewer than the file's
        AtomicLong received = new AtomicLong();
        CountDownLatch started = new CountDownLatch(1);
        Disposable download = client.files().content(output.id()).subscribe(buf -> {
            received.addAndGet(buf.readableBytes());
            buf.release();
            started.countDown();
        }, e -> { }, () -> { }, subscription -> subscription.request(4));
        assertTrue(started.await(10, TimeUnit.SECONDS),
                "a second download of the same file, after the first was cancelled mid-body, never delivered a byte");
        Thread.sleep(200);
        download.dispose();
        long atCancel = received.get();
        Thread.sleep(300);
        assertEquals(atCancel, received.get(), "no bytes after cancel");
        assertTrue(atCancel < bytes.length, "only part of the " + bytes.length + " bytes was read: " + atCancel);
    }

    private static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    /** The paths the JVM holds open, from /proc/self/fd (Linux). */
    private static List<String> openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed while we looked
                }
            }).toList();
        } catch (IOException e) {
            throw new IllegalStateException("/proc/self/fd is not readable: this test needs Linux", e);
        }
    }
}
