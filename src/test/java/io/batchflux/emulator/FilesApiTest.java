package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

@ExtendWith(LeakGuard.class)
class FilesApiTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private static final byte[] LINE_PATTERN = linePattern();

    private BatchEmulator emulator;
    private EmulatorHttp http;

    @BeforeEach
    void start() {
        emulator = BatchEmulator.start(EmulatorOptions.defaults()
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .withMaxFileBytes(1024 * 1024 * 1024));
        http = new EmulatorHttp(emulator, null);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static byte[] jsonl(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("{\"custom_id\":\"r").append(i).append("\",\"x\":\"\\r\\n--\"}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void chunkedUploadRoundTripsByteExact() {
        assertRoundTrip(false);
    }

    @Test
    void contentLengthUploadRoundTripsByteExact() {
        assertRoundTrip(true);
    }

    private void assertRoundTrip(boolean contentLength) {
        byte[] content = jsonl(500);
        EmulatorHttp.Reply reply = http.upload(EmulatorHttp.multipart("batch", "in.jsonl", content, Map.of()), 1000, contentLength);
        assertEquals(200, reply.status(), reply.text());
        JsonNode file = reply.json();
        assertTrue(file.get("id").asString().matches("file-[A-Za-z0-9]{24}"), file.toString());
        assertEquals(Set.of("id", "object", "bytes", "created_at", "expires_at", "filename", "purpose", "status",
                "status_details"), file.propertyNames());
        assertEquals("file", file.get("object").asString());
        assertEquals(content.length, file.get("bytes").asLong());
        assertEquals(NOW.getEpochSecond(), file.get("created_at").asLong());
        assertEquals(NOW.getEpochSecond() + 2_592_000, file.get("expires_at").asLong(), "batch files expire in 30 days");
        assertEquals("in.jsonl", file.get("filename").asString());
        assertEquals("batch", file.get("purpose").asString());
        assertEquals("processed", file.get("status").asString());
        assertTrue(file.get("status_details").isNull());

        String id = file.get("id").asString();
        assertEquals(file, http.get("/files/" + id).json());
        EmulatorHttp.Reply content2 = http.get("/files/" + id + "/content");
        assertEquals(200, content2.status());
        assertEquals("application/octet-stream", content2.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals(String.valueOf(content.length), content2.headers().get(HttpHeaderNames.CONTENT_LENGTH));
        assertArrayEquals(content, content2.body());
    }

    @Test
    void uploadSurvivesTheBodyArrivingInTinyChunks() {
        byte[] content = jsonl(3);
        EmulatorHttp.Reply reply = http.upload(EmulatorHttp.multipart("batch", "in.jsonl", content, Map.of()), 7, false);
        assertEquals(200, reply.status(), reply.text());
        assertArrayEquals(content, http.get("/files/" + reply.json().get("id").asString() + "/content").body());
    }

    @Test
    void expiresAfterIsHonouredInBracketedAndDottedForms() {
        byte[] content = jsonl(1);
        EmulatorHttp.Reply bracketed = http.upload(EmulatorHttp.multipart("batch", "a.jsonl", content,
                Map.of("expires_after[anchor]", "created_at", "expires_after[seconds]", "3600")), 8192, false);
        assertEquals(NOW.getEpochSecond() + 3600, bracketed.json().get("expires_at").asLong());
        EmulatorHttp.Reply dotted = http.upload(EmulatorHttp.multipart("batch", "a.jsonl", content,
                Map.of("expires_after.anchor", "created_at", "expires_after.seconds", "7200")), 8192, false);
        assertEquals(NOW.getEpochSecond() + 7200, dotted.json().get("expires_at").asLong());
        EmulatorHttp.Reply tooShort = http.upload(EmulatorHttp.multipart("batch", "a.jsonl", content,
                Map.of("expires_after[anchor]", "created_at", "expires_after[seconds]", "60")), 8192, false);
        assertEquals(400, tooShort.status());
        assertEquals("expires_after[seconds]", tooShort.json().at("/error/param").asString());
    }

    @Test
    void otherPurposesAreStoredWithoutDefaultExpiry() {
        EmulatorHttp.Reply reply = http.upload(EmulatorHttp.multipart("user_data", "a.txt", jsonl(1), Map.of()), 8192, false);
        assertEquals("user_data", reply.json().get("purpose").asString());
        assertTrue(reply.json().get("expires_at").isNull());
    }

    @Test
    void aFormWithoutPurposeOrFilenameIsAnswered400() {
        byte[] noFilename = EmulatorHttp.multipart("batch", null, jsonl(1), Map.of());
        EmulatorHttp.Reply reply = http.upload(noFilename, 8192, false);
        assertEquals(400, reply.status());
        assertEquals("file", reply.json().at("/error/param").asString());

        byte[] content = jsonl(1);
        byte[] onlyFile = concat(EmulatorHttp.partHead("file", "a.jsonl"), content, EmulatorHttp.closing());
        EmulatorHttp.Reply noPurpose = http.upload(onlyFile, 8192, false);
        assertEquals(400, noPurpose.status());
        assertEquals("purpose", noPurpose.json().at("/error/param").asString());
        assertEquals("missing_required_parameter", noPurpose.json().at("/error/code").asString());
        assertEquals(0, emulator.storedFileCount());
    }

    @Test
    void aFileOverTheLimitIsAnswered400AndNotStored() throws IOException {
        emulator.close();
        emulator = BatchEmulator.start(EmulatorOptions.defaults().withMaxFileBytes(1000));
        http = new EmulatorHttp(emulator, null);
        EmulatorHttp.Reply reply = http.upload(EmulatorHttp.multipart("batch", "a.jsonl", jsonl(100), Map.of()), 512, false);
        assertEquals(400, reply.status());
        assertTrue(reply.json().at("/error/message").asString().contains("1000 bytes"), reply.text());
        assertEquals(0, emulator.storedFileCount());
        assertEquals(0, emulator.temporaryFileCount());
    }

    @Test
    void anAbortedUploadStoresNothingAndLeavesNoTemporaryFile() throws Exception {
        byte[] head = concat(EmulatorHttp.partHead("purpose", null), "batch\r\n".getBytes(StandardCharsets.US_ASCII),
                EmulatorHttp.partHead("file", "a.jsonl"), jsonl(1000));
        Flux<ByteBuf> body = EmulatorHttp.chunks(head, 4096)
                .concatWith(Flux.error(new IOException("client gave up mid-body")));
        StepVerifier.create(http.exchange(HttpMethod.POST, "/files", body, h -> h.set(HttpHeaderNames.CONTENT_TYPE,
                        "multipart/form-data; boundary=" + EmulatorHttp.BOUNDARY)))
                .expectError()
                .verify(EmulatorHttp.TIMEOUT);
        long deadline = System.nanoTime() + EmulatorHttp.TIMEOUT.toNanos();
        while (emulator.stats().uploadsAborted() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, emulator.stats().uploadsAborted());
        assertEquals(0, emulator.stats().uploadsCompleted());
        assertEquals(0, emulator.storedFileCount());
        assertEquals(0, emulator.temporaryFileCount());
    }

    @Test
    void aBodyEndingBeforeTheClosingBoundaryStoresNothing() throws Exception {
        byte[] body = EmulatorHttp.multipart("batch", "a.jsonl", jsonl(10), Map.of());
        EmulatorHttp.Reply reply = http.upload(Arrays.copyOf(body, body.length - 10), 8192, true);
        assertEquals(400, reply.status());
        assertEquals(1, emulator.stats().uploadsAborted());
        assertEquals(0, emulator.storedFileCount());
        assertEquals(0, emulator.temporaryFileCount());
    }

    @Test
    void aLargeUploadStreamsThroughWithoutBufferingTheBody() {
        int chunk = 64 * 1024;
        int chunks = 1024;
        long fileBytes = (long) chunk * chunks;
        Flux<ByteBuf> body = Flux.concat(
                Flux.just(Unpooled.wrappedBuffer(concat(EmulatorHttp.partHead("purpose", null),
                        "batch\r\n".getBytes(StandardCharsets.US_ASCII), EmulatorHttp.partHead("file", "big.jsonl")))),
                // generated lazily, one 64 KiB buffer at a time: neither side ever holds the 64 MiB
                Flux.range(0, chunks).map(i -> {
                    ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(chunk);
                    // one bulk write per chunk: the paranoid leak detector records every single access
                    buf.writeBytes(LINE_PATTERN, i % 64, chunk);
                    return buf;
                }),
                Flux.just(Unpooled.wrappedBuffer(EmulatorHttp.closing())));
        EmulatorHttp.Reply reply = http.exchange(HttpMethod.POST, "/files", body, h -> h.set(HttpHeaderNames.CONTENT_TYPE,
                "multipart/form-data; boundary=" + EmulatorHttp.BOUNDARY)).block(EmulatorHttp.TIMEOUT.multipliedBy(3));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(fileBytes, reply.json().get("bytes").asLong());
    }

    @Test
    void rangeRequestsResumeADownload() {
        byte[] content = jsonl(50);
        String id = http.upload(new String(content, StandardCharsets.UTF_8));
        EmulatorHttp.Reply partial = http.get("/files/" + id + "/content", h -> h.set(HttpHeaderNames.RANGE, "bytes=100-"));
        assertEquals(206, partial.status());
        assertEquals("bytes 100-" + (content.length - 1) + "/" + content.length,
                partial.headers().get(HttpHeaderNames.CONTENT_RANGE));
        assertArrayEquals(Arrays.copyOfRange(content, 100, content.length), partial.body());
        EmulatorHttp.Reply beyond = http.get("/files/" + id + "/content",
                h -> h.set(HttpHeaderNames.RANGE, "bytes=" + content.length + "-"));
        assertEquals(416, beyond.status());
        assertEquals("bytes */" + content.length, beyond.headers().get(HttpHeaderNames.CONTENT_RANGE));
    }

    @Test
    void deleteRemovesTheFileAndUnknownIdsAre404() {
        String id = http.upload("{\"custom_id\":\"a\"}\n");
        EmulatorHttp.Reply deleted = http.delete("/files/" + id);
        assertEquals(200, deleted.status());
        assertEquals("{\"id\":\"" + id + "\",\"object\":\"file\",\"deleted\":true}", deleted.text());
        for (String path : new String[] {"/files/" + id, "/files/" + id + "/content"}) {
            EmulatorHttp.Reply missing = http.get(path);
            assertEquals(404, missing.status());
            assertEquals("{\"error\":{\"message\":\"No such File object: " + id + "\",\"type\":\"invalid_request_error\","
                    + "\"param\":\"id\",\"code\":null}}", missing.text());
        }
        assertEquals(404, http.delete("/files/" + id).status());
    }

    private static byte[] linePattern() {
        byte[] pattern = new byte[64 * 1024 + 64];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i % 64 == 63 ? '\n' : 'a' + i % 26);
        }
        return pattern;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
