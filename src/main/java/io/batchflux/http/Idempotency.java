package io.batchflux.http;

/** Whether a call may be repeated after a failure that might have reached the server. */
public enum Idempotency {
    /** GET, DELETE, cancel: repeating is harmless. */
    IDEMPOTENT,
    /**
     * Upload, batch creation: repeated at once only when the server provably did not process the request (a 429,
     * a request never sent); after an ambiguous failure the caller checks what the server did first.
     */
    UNSAFE
}
