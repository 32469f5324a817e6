package io.batchflux;

/**
 * The requests given to {@link BatchClient#submit} or {@link BatchClient#run} were none (an empty or blank input).
 * Signalled at the end of the request stream, before the upload's end: the server stores no empty file.
 */
public final class NoRequestsException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    public NoRequestsException() {
        super("no requests to submit: the request stream was empty");
    }
}
