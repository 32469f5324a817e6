package io.batchflux.bench;

import io.batchflux.BatchClient;
import io.batchflux.FileObject;
import io.batchflux.UploadOptions;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads ~{@code totalBytes} of generated JSONL (64 KiB buffers, produced as the transport asks) with
 * {@code client.files().upload(flux, UploadOptions.defaults())}, then checks the server's {@code bytes} against
 * what was sent. Arguments: {@code baseUrl totalBytes}.
 */
public final class UploadMain {
    private UploadMain() {}

    public static void main(String[] args) {
        String baseUrl = args[0];
        long total = Long.parseLong(args[1]);
        JsonlLines lines = new JsonlLines(total, 900);
        AtomicLong sent = new AtomicLong();
        try (BatchClient client = Clients.forBaseUrl(baseUrl)) {
            long t0 = System.nanoTime();
            FileObject file = client.files()
                    .upload(lines.flux(ByteBufAllocator.DEFAULT).doOnNext(b -> sent.addAndGet(b.readableBytes())),
                            UploadOptions.defaults())
                    .block();
            long nanos = System.nanoTime() - t0;
            boolean match = file != null && file.bytes() != null && file.bytes() == sent.get();
            Clients.result("upload", String.format("sent=%d server_bytes=%s match=%s wall_ms=%d MBps=%.1f file=%s",
                    sent.get(), file == null ? null : file.bytes(), match, nanos / 1_000_000,
                    Clients.mbPerSec(sent.get(), nanos), file == null ? null : file.id()));
            if (!match) {
                System.exit(2);
            }
        }
    }
}
