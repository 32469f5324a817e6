package io.batchflux;

import io.batchflux.http.HttpTransport;

/** The {@link BatchClient}: one transport shared by the API groups. */
final class DefaultBatchClient implements BatchClient {
    private final BatchClientOptions options;
    private final HttpTransport transport;
    private final FilesApi files;
    private final BatchesApi batches;

    DefaultBatchClient(BatchClientOptions options) {
        this.options = options;
        this.transport = HttpTransport.create(options);
        this.files = new DefaultFilesApi(transport);
        this.batches = new DefaultBatchesApi(transport);
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
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "BatchClient{" + options + '}';
    }
}
