package io.batchflux;

import io.batchflux.http.ApiCall;
import io.batchflux.http.HttpTransport;
import io.batchflux.http.RetryDecision;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
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
        // deferred: the counting pass, like the sending, starts on subscription
        return Mono.defer(() -> count(content.get())).flatMap(size -> send(content, options, size, () -> true));
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
            BooleanSupplier replayable) {
        return Mono.defer(() -> {
            boolean tagged = options.filename().equals(UploadOptions.DEFAULT_FILENAME);
            UploadOptions sent = tagged ? options.withFilename(taggedFilename()) : options;
            MultipartBody body = MultipartBody.create(sent);
            long length = contentLength < 0 ? -1 : body.length(contentLength);
            // a minute of slack for the server's clock: files older than this upload are never touched
            Instant started = Instant.now().minusSeconds(60);
            AtomicReference<@Nullable Long> sentWhole = new AtomicReference<>();
            Supplier<Publisher<ByteBuf>> attempt = () -> {
                sentWhole.set(null);
                AtomicLong counted = new AtomicLong();
                Flux<ByteBuf> counting = content.get().doOnNext(b -> counted.addAndGet(b.readableBytes()))
                        .doOnComplete(() -> sentWhole.set(counted.get()));
                return body.wrap(counting, alloc);
            };
            ApiCall call = ApiCall.postStream("/files", attempt, body.contentType(), length, replayable);
            List<Long> mayBeStored = new CopyOnWriteArrayList<>();
            return sendUntilAnswered(call, tagged ? null : sent.filename(), sentWhole, mayBeStored, 1)
                    .flatMap(file -> sweep(tagged, sent, started, mayBeStored, file.id()).thenReturn(file))
                    .onErrorResume(e -> sweep(tagged, sent, started, mayBeStored, null).then(Mono.error(e)));
        });
    }

    /**
     * The upload's answer. The transport repeats attempts refused outright (a 429) or never sent; after an
     * ambiguous failure, the size of a body that went out whole joins {@code mayBeStored} (the copies to sweep),
     * and the upload is sent again within the retry policy. Not so under a filename of the caller's
     * ({@code ownFilename}): such a copy could not be told from other files, so the upload fails saying so.
     */
    private Mono<FileObject> sendUntilAnswered(ApiCall call, @Nullable String ownFilename,
            AtomicReference<@Nullable Long> sentWhole, List<Long> mayBeStored, int retry) {
        return transport.exchange(call, FileObject.class).onErrorResume(e -> {
            Long size = sentWhole.get();
            if (RetryDecision.isAmbiguous(e) && size != null) {
                if (ownFilename != null) {
                    return Mono.error(new BatchfluxException(call.describe() + " failed after the whole file was sent"
                            + " (" + e.getMessage() + "): the server may have stored it as " + ownFilename + "; look"
                            + " for it (list files) before uploading again", e));
                }
                mayBeStored.add(size);
            }
            Duration delay = RetryDecision.delayBeforeCheck(e, transport.options().retryPolicy(), retry);
            if (delay == null) {
                return Mono.error(e);
            }
            if (!call.replayable().getAsBoolean()) {
                return Mono.error(HttpTransport.cannotResend(call, e));
            }
            return Mono.delay(delay).then(Mono.defer(
                    () -> sendUntilAnswered(call, ownFilename, sentWhole, mayBeStored, retry + 1)));
        });
    }

    /** {@code batchinput-<12 hex digits>.jsonl}: the default filename, tagged for one upload. */
    private static String taggedFilename() {
        return "batchinput-%012x.jsonl".formatted(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL);
    }

    /**
     * Deletes the copies that attempts of this upload may have stored: its own tagged filename and purpose, the
     * size of a body sent whole, created since the upload began; {@code keep} is the upload's own result. Nothing
     * when the filename is the caller's (other files may bear it) or no attempt may have stored a copy. Best effort:
     * a failure to look up or delete is not the caller's error.
     */
    private Mono<Void> sweep(boolean tagged, UploadOptions sent, Instant started, List<Long> sizes,
            @Nullable String keep) {
        if (!tagged || sizes.isEmpty()) {
            return Mono.empty();
        }
        return list(sent.purpose(), null, 100)
                .flatMapIterable(FilePage::data)
                .filter(f -> !f.id().equals(keep) && sent.filename().equals(f.filename()) && f.bytes() != null
                        && sizes.contains(f.bytes()) && f.createdAt() != null && !f.createdAt().isBefore(started))
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
                    // the partial file goes on failure or cancel, deleted off whatever thread signalled it
                    .onErrorResume(e -> Mono.fromRunnable(() -> deleteQuietly(partial))
                            .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e)))
                    .doOnCancel(() -> Schedulers.boundedElastic().schedule(() -> deleteQuietly(partial)));
        })
                // opening (and truncating) the file blocks: never on the thread that subscribes, an event loop maybe
                .subscribeOn(Schedulers.boundedElastic());
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
