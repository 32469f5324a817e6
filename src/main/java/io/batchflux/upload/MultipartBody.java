package io.batchflux.upload;

import io.batchflux.ExpiresAfter;
import io.batchflux.UploadOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@code multipart/form-data} body for {@code POST /files} as one {@code Flux<ByteBuf>}: the {@code purpose}
 * part first (OpenAI wants it before the file), the optional {@code expires_after[anchor]} and
 * {@code expires_after[seconds]} parts, the file part's header, the content as it streams in, and the closing
 * boundary last.
 *
 * <p>The closing boundary is emitted only after the content completes. When the content errors, the body errors
 * before it, the HTTP request is aborted, and a conforming server never sees a complete file: an invalid spec
 * uploads nothing.
 */
public final class MultipartBody {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final byte[] head;
    private final byte[] tail;

    private MultipartBody(String boundary, UploadOptions options) {
        this.boundary = boundary;
        this.head = head(boundary, options).getBytes(StandardCharsets.UTF_8);
        this.tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A body with a fresh random boundary. */
    public static MultipartBody create(UploadOptions options) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return new MultipartBody("batchflux-" + HexFormat.of().formatHex(random), options);
    }

    /** The {@code Content-Type} header value, boundary included. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body's length for a content of {@code contentLength} bytes. */
    public long length(long contentLength) {
        return head.length + contentLength + tail.length;
    }

    /**
     * The body around {@code content}. Content buffers pass through untouched (ownership moves to the
     * subscriber); the framing buffers are allocated per subscription.
     */
    public Flux<ByteBuf> wrap(Flux<ByteBuf> content, ByteBufAllocator alloc) {
        // Flux.defer (not Mono) at the head: a body that starts with a Mono is sent as one aggregated request.
        Flux<ByteBuf> start = Flux.defer(() -> Flux.just(copy(alloc, head)));
        Mono<ByteBuf> end = Mono.fromSupplier(() -> copy(alloc, tail));
        return Flux.concat(start, content, end);
    }

    private static ByteBuf copy(ByteBufAllocator alloc, byte[] bytes) {
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    private static String head(String boundary, UploadOptions options) {
        StringBuilder sb = new StringBuilder(256);
        field(sb, boundary, "purpose", options.purpose());
        ExpiresAfter expiry = options.expiresAfter();
        if (expiry != null) {
            field(sb, boundary, "expires_after[anchor]", expiry.anchor());
            field(sb, boundary, "expires_after[seconds]", Long.toString(expiry.seconds()));
        }
        sb.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
                .append(options.filename()).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        return sb.toString();
    }

    private static void field(StringBuilder sb, String boundary, String name, String value) {
        sb.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n");
    }
}
