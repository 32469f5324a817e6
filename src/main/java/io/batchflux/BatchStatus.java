package io.batchflux;

import java.util.Locale;
import java.util.Set;

/**
 * The status of a batch: an open enumeration. The eight values OpenAI documents are constants; any other
 * value a server sends (tomorrow's status, another backend's spelling) is kept as it came, treated as
 * non-terminal, and never breaks parsing.
 *
 * <p>Values are normalised to lower case, so Together's {@code COMPLETED} and older Azure payloads'
 * {@code Completed} equal {@link #COMPLETED}.
 *
 * @param value the lower-case status string as the server spells it
 */
public record BatchStatus(String value) {
    public static final BatchStatus VALIDATING = new BatchStatus("validating");
    public static final BatchStatus FAILED = new BatchStatus("failed");
    public static final BatchStatus IN_PROGRESS = new BatchStatus("in_progress");
    public static final BatchStatus FINALIZING = new BatchStatus("finalizing");
    public static final BatchStatus COMPLETED = new BatchStatus("completed");
    public static final BatchStatus EXPIRED = new BatchStatus("expired");
    public static final BatchStatus CANCELLING = new BatchStatus("cancelling");
    public static final BatchStatus CANCELLED = new BatchStatus("cancelled");

    private static final Set<BatchStatus> TERMINAL = Set.of(COMPLETED, FAILED, EXPIRED, CANCELLED);
    private static final Set<BatchStatus> KNOWN =
            Set.of(VALIDATING, FAILED, IN_PROGRESS, FINALIZING, COMPLETED, EXPIRED, CANCELLING, CANCELLED);

    public BatchStatus {
        value = value.trim().toLowerCase(Locale.ROOT);
    }

    /** The status for a server string; never fails, unknown values are kept. */
    public static BatchStatus of(String value) {
        return new BatchStatus(value);
    }

    /** {@code completed}, {@code failed}, {@code expired} or {@code cancelled}: the batch will not change again. */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether this is one of the eight statuses OpenAI documents. */
    public boolean isKnown() {
        return KNOWN.contains(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
