package io.batchflux.emulator;

/** The faults {@link FaultOptions} can inject; {@link EmulatorStats#faultsInjected()} counts them by kind. */
public enum FaultKind {
    /** A 429 with {@code Retry-After} and {@code retry-after-ms} headers and code {@code rate_limit_exceeded}. */
    RATE_LIMIT,
    /** A 500 with OpenAI's {@code server_error} body. */
    SERVER_ERROR,
    /** The connection is closed before any response byte is sent. */
    DROP_CONNECTION,
    /** A file download sends its full {@code Content-Length}, then closes the connection partway through. */
    TRUNCATE_DOWNLOAD,
    /** {@code POST /batches} creates the batch, then closes the connection without answering. */
    DROP_AFTER_CREATE,
    /** An upload was stored, then its connection closed unanswered. */
    DROP_AFTER_UPLOAD
}
