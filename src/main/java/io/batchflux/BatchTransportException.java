package io.batchflux;

/**
 * The exchange with the server failed without an HTTP answer: connection refused or reset, TLS failure, idle
 * timeout, a body cut short. Says which call failed, where to, and whether the server may have processed the
 * request (which decides whether a non-idempotent call may be repeated).
 */
public class BatchTransportException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final boolean mayHaveBeenProcessed;

    public BatchTransportException(String call, String message, boolean mayHaveBeenProcessed, Throwable cause) {
        super(call + ": " + message, cause);
        this.call = call;
        this.mayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /** The failed call, method and path: {@code POST /batches}. */
    public String call() {
        return call;
    }

    /**
     * False only when the request provably never reached the server (connection refused, no connection
     * acquired); true when it may have been received, as after a reset or a timeout while waiting.
     */
    public boolean mayHaveBeenProcessed() {
        return mayHaveBeenProcessed;
    }
}
