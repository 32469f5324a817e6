package io.batchflux;

import io.batchflux.http.HttpTransport;
import io.batchflux.http.RetryDecision;
import io.batchflux.jsonl.EncodableRequests;
import io.batchflux.jsonl.EncodeLimits;
import io.batchflux.jsonl.EncodedTotals;
import io.batchflux.jsonl.JsonlEncoder;
import io.batchflux.results.Completeness;
import io.batchflux.results.ResultFileReader;
import io.batchflux.watch.StatusPoller;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.batchflux.shard.ShardSubmitter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@link BatchClient}: one transport shared by the API groups and the composed operations. */
final class DefaultBatchClient implements BatchClient {
    private final BatchClientOptions options;
    private final HttpTransport transport;
    private final FilesApi files;
    private final BatchesApi batches;
    private final ShardSubmitter shards;

    DefaultBatchClient(BatchClientOptions options) {
        this.options = options;
        this.transport = HttpTransport.create(options);
        this.files = new DefaultFilesApi(transport);
        this.batches = new DefaultBatchesApi(transport);
        this.shards = new ShardSubmitter((body, opts) -> files.upload(body, opts.uploadOptions()),
                (fileId, opts) -> createOrRemoveInput(fileId, opts), ByteBufAllocator.DEFAULT);
    }

    @Override
    public BatchClientOptions options() {
        return options;
    }

    @Override
    public FilesApi files() {
        return files;
    }

    @Override
    public BatchesApi batches() {
        return batches;
    }

    @Override
    public Mono<Batch> submit(Flux<BatchRequest> requests, SubmitOptions submitOptions) {
        return submit(requests, submitOptions, new AtomicReference<>());
    }

    private Mono<Batch> submit(Flux<BatchRequest> requests, SubmitOptions opts, AtomicReference<EncodedTotals> totals) {
        return Mono.defer(() -> {
            JsonlEncoder encoder = JsonlEncoder.create(ByteBufAllocator.DEFAULT)
                    .withLimits(new EncodeLimits(opts.maxRequests(), opts.maxBytes()));
            Flux<BatchRequest> checked = EncodableRequests.checkedFor(opts.endpoint(), requests, opts::requireEndpoint);
            Supplier<Flux<ByteBuf>> jsonl = () -> encoder.encode(checked, t -> {
                if (t.requests() == 0) {
                    // thrown before the closing boundary: the upload is aborted, no empty file is stored
                    throw new NoRequestsException();
                }
                totals.set(t);
            });
            // requests read from a file or a string are read again for each attempt: an upload refused with a 429,
            // or whose answer was lost, is sent again; any other flux is streamed once
            boolean replayable = checked instanceof EncodableRequests parsed && parsed.replayable();
            return (replayable ? files.upload(jsonl, opts.uploadOptions())
                    : files.upload(jsonl.get(), opts.uploadOptions()))
                    .flatMap(file -> createOrRemoveInput(file.id(), opts));
        });
    }

    private Mono<Batch> createOrRemoveInput(String fileId, SubmitOptions opts) {
        return batches.create(opts.createParams(fileId)).onErrorResume(e -> removeOrphan(fileId, e));
    }

    /**
     * A failed creation must not leave its input file behind, unless the batch may exist after all; the error
     * says which of the three happened: kept, deleted, or could not be deleted.
     */
    private Mono<Batch> removeOrphan(String fileId, Throwable createFailure) {
        // a lost answer, a 5xx or an unreadable success: the server may have made the batch from this very file
        if (RetryDecision.leftUnknown(createFailure)) {
            return Mono.error(creationFailed(fileId, "the batch may exist: the file was kept; list batches to check",
                    createFailure));
        }
        return files.delete(fileId)
                .then(Mono.<Batch>error(() -> creationFailed(fileId, "the uploaded file was deleted", createFailure)))
                .onErrorResume(e -> !(e instanceof CreationFailedException), deleteFailure -> {
                    BatchfluxException failure = creationFailed(fileId, "the uploaded file could not be deleted ("
                            + deleteFailure.getMessage() + "); delete it with the Files API", createFailure);
                    failure.addSuppressed(deleteFailure);
                    return Mono.error(failure);
                });
    }

    private static CreationFailedException creationFailed(String fileId, String aftermath, Throwable createFailure) {
        return new CreationFailedException("batch creation failed after uploading " + fileId + " (" + aftermath
                + "): " + createFailure.getMessage(), createFailure);
    }

    /** Batch creation failed after the upload; the message says what became of the uploaded file. */
    private static final class CreationFailedException extends BatchfluxException {
        private static final long serialVersionUID = 1L;

        CreationFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public Flux<Batch> watch(String batchId, PollingOptions polling) {
        return StatusPoller.watch(batchId, batches.retrieve(batchId), polling,
                options.retryPolicy().maxRetryAfter());
    }

    @Override
    public Flux<BatchResult> results(Batch batch) {
        return Flux.defer(() -> {
            AtomicLong read = new AtomicLong();
            return Flux.concat(fileResults(batch.outputFileId()), fileResults(batch.errorFileId()))
                    .doOnNext(r -> read.incrementAndGet())
                    .concatWith(Mono.defer(() -> {
                        long expected = batch.requestCounts().finished();
                        return BatchStatus.COMPLETED.equals(batch.status()) && read.get() < expected
                                ? Mono.error(new IncompleteResultsException(batch.id(), expected, read.get()))
                                : Mono.empty();
                    }));
        });
    }

    private Flux<BatchResult> fileResults(@Nullable String fileId) {
        return fileId == null ? Flux.empty() : ResultFileReader.read(files.content(fileId), fileId);
    }

    @Override
    public Flux<BatchResult> results(String batchId) {
        return batches.retrieve(batchId).flatMapMany(this::results);
    }

    @Override
    public Flux<BatchEvent> run(Flux<BatchRequest> requests, SubmitOptions submitOptions, PollingOptions polling) {
        return Flux.defer(() -> {
            // The ids submitted, to report requests absent from both result files: one short string each.
            Set<String> submitted = new LinkedHashSet<>();
            AtomicReference<EncodedTotals> totals = new AtomicReference<>();
            AtomicReference<Batch> last = new AtomicReference<>();
            return submit(requests.doOnNext(r -> submitted.add(r.customId())), submitOptions, totals)
                    .flatMapMany(created -> Flux.concat(
                            Mono.fromSupplier(() -> new BatchEvent.Submitted(created, totals.get().requests(),
                                    totals.get().bytes())),
                            watch(created.id(), polling).doOnNext(last::set).map(BatchEvent.Progress::new),
                            Flux.defer(() -> Completeness.withMissing(results(last.get()), submitted))
                                    .map(BatchEvent.Result::new)));
        });
    }

    @Override
    public Flux<ShardCreated> submitShards(Flux<BatchRequest> requests, SubmitOptions submitOptions) {
        return shards.submit(requests, submitOptions, 0, 1);
    }

    @Override
    public Flux<ShardCreated> resumeShards(BatchJob job, Flux<BatchRequest> requests, SubmitOptions submitOptions) {
        if (job.complete()) {
            return Flux.empty();
        }
        long done = job.submittedRequests();
        return shards.submit(requests.skip(done), submitOptions, job.shards().size(), done + 1);
    }

    @Override
    public Flux<JobProgress> watch(BatchJob job, PollingOptions polling) {
        if (job.shards().isEmpty()) {
            return Flux.empty();
        }
        List<Flux<Batch>> watches = job.batchIds().stream().map(id -> watch(id, polling)).toList();
        return Flux.combineLatest(watches, latest -> new JobProgress(
                java.util.Arrays.stream(latest).map(Batch.class::cast).toList()));
    }

    @Override
    public Flux<BatchResult> results(BatchJob job) {
        return Flux.fromIterable(job.batchIds()).concatMap(this::results, 0);
    }

    @Override
    public Flux<Batch> cancel(BatchJob job) {
        // one shard failing (a 404, retries used up) must not leave the later ones running
        return Flux.defer(() -> {
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            return Flux.fromIterable(job.batchIds())
                    .concatMap(id -> batches.retrieve(id)
                            .flatMap(b -> b.isTerminal() ? Mono.just(b) : batches.cancel(id))
                            .onErrorResume(e -> {
                                failures.add(e);
                                return Mono.empty();
                            }), 1)
                    .concatWith(Mono.defer(() -> {
                        if (failures.isEmpty()) {
                            return Mono.empty();
                        }
                        Throwable first = failures.get(0);
                        failures.subList(1, failures.size()).forEach(first::addSuppressed);
                        return Mono.error(first);
                    }));
        });
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public Mono<Void> closeLater() {
        return transport.closeLater();
    }

    @Override
    public String toString() {
        return "BatchClient{" + options + '}';
    }
}
