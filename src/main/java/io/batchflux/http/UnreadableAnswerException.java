package io.batchflux.http;

import io.batchflux.BatchfluxException;

/**
 * A success answer whose body is not the object the call expects. The server did answer 2xx, so whatever the call
 * asked for may have been done: an unsafe call that fails this way is {@linkplain RetryDecision#isAmbiguous
 * ambiguous}, never a proof that nothing was created.
 */
public final class UnreadableAnswerException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    public UnreadableAnswerException(String message, Throwable cause) {
        super(message, cause);
    }
}
