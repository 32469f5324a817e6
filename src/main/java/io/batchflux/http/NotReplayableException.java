package io.batchflux.http;

import io.batchflux.BatchfluxException;

/**
 * A call that had to be sent again after its cause, but whose body is a one-shot stream that was already sent
 * from. The cause is the failure that made the repeat necessary.
 */
public final class NotReplayableException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    NotReplayableException(String message, Throwable cause) {
        super(message, cause);
    }
}
