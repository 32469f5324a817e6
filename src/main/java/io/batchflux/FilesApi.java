package io.batchflux;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Files API ({@code /files}): uploads streamed as {@code multipart/form-data}, retrieval, deletion and
 * content download. Obtained from {@link BatchClient#files()}; every method is cold.
 */
public interface FilesApi {

    /**
     * Uploads a file from disk, read in 64 KiB chunks off the event loop; never held in memory. The file can
     * be re-read, so the upload is retried when the server provably did not take it, and
     * {@link UploadOptions#sized()} sends a {@code Content-Length}. Whatever the source: an attempt refused with
     * a 429 stored nothing and is repeated. One that sent its whole body and then failed in a way that may have
     * stored it (a 408 or 5xx answer, a connection lost before the answer) is repeated too, and the copies such
     * attempts may have left are looked up and deleted so no orphan stays behind: only files with this upload's
     * own tagged default filename (see {@link UploadOptions}), its purpose and an attempt's size, never another
     * upload's. Under a filename of the caller's, such an upload is not repeated: it fails, naming the file a copy
     * may be stored as.
     *
     * @return the stored file; errors with {@link BatchApiException} or {@link BatchTransportException}
     */
    Mono<FileObject> upload(Path file, UploadOptions options);

    /**
     * Uploads content produced on demand: each attempt subscribes to a fresh {@code Flux} from the supplier,
     * so the upload can be retried and can be sized (one counting pass first). The buffers emitted are owned
     * and released by the upload.
     */
    Mono<FileObject> upload(Supplier<Flux<ByteBuf>> content, UploadOptions options);

    /**
     * Uploads a one-shot stream, chunked, as it arrives, with backpressure. It cannot be re-read: a retry that
     * would need to send it again fails with a clear error instead, and sized uploads are refused. If the
     * stream errors, the upload is aborted before its closing boundary and the server stores nothing.
     */
    Mono<FileObject> upload(Flux<ByteBuf> content, UploadOptions options);

    /**
     * One page of {@code GET /files}, newest first.
     *
     * @param purpose only files of this purpose (e.g. {@code batch}), or null for all
     * @param after the cursor (the last file id of the previous page), or null for the first page
     * @param limit files per page, 1 to 10,000
     */
    Mono<FilePage> list(@org.jspecify.annotations.Nullable String purpose,
            @org.jspecify.annotations.Nullable String after, int limit);

    /** {@code GET /files/{id}}: the file's metadata; 404 as {@link BatchApiException#isNotFound()}. */
    Mono<FileObject> retrieve(String fileId);

    /** {@code DELETE /files/{id}}. */
    Mono<FileDeletion> delete(String fileId);

    /**
     * {@code GET /files/{id}/content} as a stream of buffers, without a total-call timeout. The subscriber owns
     * each buffer and must release it. A download that breaks mid-body is resumed where it stopped, so every
     * byte is emitted exactly once. Completes at the end of the body.
     */
    Flux<ByteBuf> content(String fileId);

    /**
     * Downloads a file's content into {@code target} (replaced if present), writing off the event loop.
     *
     * @return the number of bytes written, when the file is complete on disk
     */
    Mono<Long> download(String fileId, Path target);
}
