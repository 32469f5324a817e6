package io.batchflux.emulator;

/**
 * The operations the emulator serves, used to restrict fault injection to some of them (see
 * {@link FaultOptions#onlyOn(java.util.Set)}).
 */
public enum RouteKind {
    /** {@code POST /files}. */
    UPLOAD_FILE,
    /** {@code GET /files}. */
    LIST_FILES,
    /** {@code GET /files/{id}}. */
    RETRIEVE_FILE,
    /** {@code DELETE /files/{id}}. */
    DELETE_FILE,
    /** {@code GET /files/{id}/content}. */
    DOWNLOAD_FILE,
    /** {@code POST /batches}. */
    CREATE_BATCH,
    /** {@code GET /batches/{id}}. */
    RETRIEVE_BATCH,
    /** {@code POST /batches/{id}/cancel}. */
    CANCEL_BATCH,
    /** {@code GET /batches}. */
    LIST_BATCHES;

    /** Whether the operation is a {@code GET}, i.e. a read a client may always retry. */
    public boolean isRead() {
        return this == LIST_FILES || this == RETRIEVE_FILE || this == DOWNLOAD_FILE || this == RETRIEVE_BATCH || this == LIST_BATCHES;
    }
}
