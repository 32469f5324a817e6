package io.batchflux.jsonl;

import io.batchflux.BatchfluxException;

/** The requests do not fit in one batch input file: {@link EncodeLimits} would be exceeded. */
public final class EncodeLimitException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    private final String limit;
    private final long reached;
    private final String customId;
    private final boolean fitsSeveralBatches;

    EncodeLimitException(String limit, long max, long reached, String customId, String advice) {
        this("batch input too large: " + limit + " " + max + " exceeded (" + reached + ") at request custom_id \""
                + customId + "\"; " + advice, limit, reached, customId, true);
    }

    private EncodeLimitException(String message, String limit, long reached, String customId,
            boolean fitsSeveralBatches) {
        super(message);
        this.limit = limit;
        this.reached = reached;
        this.customId = customId;
        this.fitsSeveralBatches = fitsSeveralBatches;
    }

    /** One request whose JSONL line alone is over {@code maxBytes}: no batch, and so no sharding, can take it. */
    public static EncodeLimitException requestTooLarge(String customId, long lineBytes, long maxBytes) {
        return new EncodeLimitException("request " + customId + " alone is " + lineBytes
                + " bytes of JSONL, more than a batch may hold (" + maxBytes + ")", "maxBytes", lineBytes, customId,
                false);
    }

    /** Throws {@link #requestTooLarge} when one request's line of {@code lineBytes} is over {@code maxBytes}. */
    public static void requireLineFits(String customId, long lineBytes, long maxBytes) {
        if (lineBytes > maxBytes) {
            throw requestTooLarge(customId, lineBytes, maxBytes);
        }
    }

    /**
     * Whether splitting the requests over several batches would take them: false when one request alone is too
     * large.
     */
    public boolean fitsSeveralBatches() {
        return fitsSeveralBatches;
    }

    /** Which limit was exceeded: {@code maxRequests} or {@code maxBytes}. */
    public String limit() {
        return limit;
    }

    /** The count (requests or bytes) reached with the offending request. */
    public long reached() {
        return reached;
    }

    /** The {@code custom_id} of the request that went over the limit. */
    public String customId() {
        return customId;
    }
}
