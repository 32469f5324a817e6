package io.batchflux;

/**
 * The root of every error batchflux signals. Subclasses say what went wrong and where; the API key never
 * appears in any message.
 */
public class BatchfluxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BatchfluxException(String message) {
        super(message);
    }

    public BatchfluxException(String message, Throwable cause) {
        super(message, cause);
    }
}
