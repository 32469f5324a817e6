package io.batchflux;

/**
 * How many requests of a batch exist and have finished. All zeros while the batch is {@code validating}.
 *
 * @param total requests in the input file
 * @param completed requests answered with a 2xx
 * @param failed requests that failed (answered with an error or not executed)
 */
public record RequestCounts(long total, long completed, long failed) {
    /** All zeros: what a server reports before validation, and what is used when the field is absent. */
    public static final RequestCounts NONE = new RequestCounts(0, 0, 0);

    /** Requests finished either way: {@code completed + failed}. */
    public long finished() {
        return completed + failed;
    }
}
