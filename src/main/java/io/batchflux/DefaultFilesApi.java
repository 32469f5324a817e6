package io.batchflux;

import io.batchflux.http.ApiCall;
import io.batchflux.http.HttpTransport;
import io.batchflux.upload.MultipartBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;

/** {@link FilesApi} over the {@link HttpTransport}. */
final class DefaultFilesApi implements FilesApi {
    private static final int CHUNK = 64 * 1024;

    private final HttpTransport transport;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    DefaultFilesApi(HttpTransport transport) {
        this.transport = transport;
    }

    @Override
    public Mono<FileObject> upload(Path file, UploadOptions options) {
        return Mono.fromCallable(() -> {
                    if (!Files.isRegularFile(file)) {
                        throw new BatchfluxException("cannot upload " + file + ": no such file");
                    }
                    return Files.size(file);
                })
                // stat is blocking file I/O: keep it off whatever thread subscribes
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(size -> send(() -> readFile(file), options, options.sized() ? size : -1, () -> true));
    }

    @Override
    public Mono<FileObject> upload(Supplier<Flux<ByteBuf>> content, UploadOptions options) {
        if (!options.sized()) {
            return send(content, options, -1, () -> true);
        }
        return count(content.get()).flatMap(size -> send(content, options, size, () -> true));
    }

    @Override
    public Mono<FileObject> upload(Flux<ByteBuf> content, UploadOptions options) {
        if (options.sized()) {
            return Mono.error(new BatchfluxException("a sized upload reads its content twice (count, then send);"
                    + " pass a Path or a Supplier<Flux<ByteBuf>> instead of a one-shot Flux"));
        }
        return Mono.defer(() -> {
            // "used" once the stream was subscribed, i.e. sent from: a connection refused before that still retries
            AtomicBoolean used = new AtomicBoolean();
            Supplier<Flux<ByteBuf>> once = () -> Flux.defer(() -> used.compareAndSet(false, true) ? content
                    : Flux.error(new BatchfluxException("the upload's content is a one-shot Flux that was already"
                            + " sent and cannot be replayed")));
            return send(once, options, -1, () -> !used.get());
        });
    }

    private Mono<FileObject> send(Supplier<Flux<ByteBuf>> content, UploadOptions options, long contentLength,
            java.util.function.BooleanSupplier replayable) {
        return Mono.defer(() -> {
            MultipartBody body = MultipartBody.create(options);
            long length = contentLength < 0 ? -1 : body.length(contentLength);
            // a minute of slack for the server's clock: files older than this upload are never touched
            java.time.Instant started = java.time.Instant.now().minusSeconds(60);
            List<Long> sentWhole = new java.util.concurrent.CopyOnWriteArrayList<>();
            Supplier<org.reactivestreams.Publisher<ByteBuf>> attempt = () -> {
                AtomicLong counted = new AtomicLong();
                Flux<ByteBuf> counting = content.get().doOnNext(b -> counted.addAndGet(b.readableBytes()))
                        .doOnComplete(() -> sentWhole.add(counted.get()));
                return body.wrap(counting, alloc);
            };
            ApiCall call = ApiCall.postStream("/files", attempt, body.contentType(), length, replayable);
            return transport.exchange(call, FileObject.class)
                    .flatMap(file -> sentWhole.size() > 1
                            ? removeOrphans(options, started, sentWhole, file.id()).thenReturn(file)
                            : Mono.just(file))
                    .onErrorResume(e -> mayHaveStored(e) && !sentWhole.isEmpty()
                            ? removeOrphans(options, started, sentWhole, null).then(Mono.error(e))
                            : Mono.error(e));
        });
    }

    private static boolean mayHaveStored(Throwable e) {
        return e instanceof BatchTransportException t && t.mayHaveBeenProcessed()
                || e instanceof BatchApiException api && api.statusCode() >= 500;
    }

    /**
     * Deletes files a failed attempt of this upload may have stored: same purpose and filename, the size of a body
     * that was sent whole, created since the upload began; {@code keep} is the upload's own result. Best effort:
     * a failure to look up or delete is not the caller's error.
     */
    private Mono<Void> removeOrphans(UploadOptions options, java.time.Instant started, List<Long> sizes,
            @Nullable String keep) {
        return list(options.purpose(), null, 100)
                .flatMapIterable(FilePage::data)
                .filter(f -> !f.id().equals(keep) && options.filename().equals(f.filename())
                        && f.bytes() != null && sizes.contains(f.bytes())
                        && f.createdAt() != null && !f.createdAt().isBefore(started))
                .concatMap(f -> delete(f.id()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    private Flux<ByteBuf> readFile(Path file) {
        // FileChannel reads block: subscribeOn also moves each request(n), hence every read, to boundedElastic.
        return ByteBufFlux.fromPath(file, CHUNK, alloc).subscribeOn(Schedulers.boundedElastic());
    }

    private static Mono<Long> count(Flux<ByteBuf> content) {
        return content.reduce(0L, (sum, buf) -> {
            try {
                return sum + buf.readableBytes();
            } finally {
                buf.release();
            }
        });
    }

    @Override
    public Mono<FilePage> list(@Nullable String purpose, @Nullable String after, int limit) {
        if (limit < 1 || limit > 10_000) {
            return Mono.error(new IllegalArgumentException("limit must be between 1 and 10000, got " + limit));
        }
        return Mono.defer(() -> transport.exchange(ApiCall.get("/files?limit=" + limit
                + (purpose == null ? "" : "&purpose=" + PathSegments.encode(purpose))
                + (after == null ? "" : "&after=" + PathSegments.encode(after))), FilePage.class));
    }

    @Override
    public Mono<FileObject> retrieve(String fileId) {
        return Mono.defer(() -> transport.exchange(ApiCall.get("/files/" + PathSegments.encode(fileId)),
                FileObject.class));
    }

    @Override
    public Mono<FileDeletion> delete(String fileId) {
        return Mono.defer(() -> transport.exchange(ApiCall.delete("/files/" + PathSegments.encode(fileId)),
                FileDeletion.class));
    }

    @Override
    public Flux<ByteBuf> content(String fileId) {
        return Flux.defer(() -> transport.download(
                ApiCall.get("/files/" + PathSegments.encode(fileId) + "/content")));
    }

    @Override
    public Mono<Long> download(String fileId, Path target) {
        return Mono.defer(() -> {
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            return Flux.using(
                            () -> FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                    StandardOpenOption.TRUNCATE_EXISTING),
                            channel -> content(fileId)
                                    // writes block: hop to boundedElastic one buffer at a time (backpressure)
                                    .concatMap(buf -> Mono.fromCallable(() -> write(channel, buf))
                                            .subscribeOn(Schedulers.boundedElastic()), 1),
                            DefaultFilesApi::closeQuietly)
                    .reduce(0L, Long::sum)
                    .flatMap(total -> Mono.fromCallable(() -> {
                        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                        return total;
                    }).subscribeOn(Schedulers.boundedElastic()))
                    .doOnError(e -> deleteQuietly(partial))
                    .doOnCancel(() -> deleteQuietly(partial));
        });
    }

    private static long write(FileChannel channel, ByteBuf buf) throws IOException {
        try {
            long written = 0;
            while (buf.isReadable()) {
                written += buf.readBytes(channel, buf.readableBytes());
            }
            return written;
        } finally {
            buf.release();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: a stale .part file is harmless and replaced by the next download
        }
    }
}
