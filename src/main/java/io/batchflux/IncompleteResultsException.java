package io.batchflux;

/**
 * A completed batch's result files hold fewer lines than its {@code request_counts} promise: results were lost
 * on the way (a truncated file, a broken proxy). Signalled after every result that was read was emitted.
 */
public class IncompleteResultsException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    public IncompleteResultsException(String batchId, long expected, long read) {
        super("batch " + batchId + " reports " + expected + " finished requests but its output and error files"
                + " hold " + read + " result lines; download the files again or report the batch id to the server's"
                + " support");
    }
}
