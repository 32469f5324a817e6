package io.batchflux.http;

/** Whether a call may be repeated after a failure that might have reached the server. */
public enum Idempotency {
    /** GET, DELETE, cancel: repeating is harmless. */
    IDEMPOTENT,
    /** Upload, batch creation: repeat only when the server provably did not process the request. */
    UNSAFE
}
