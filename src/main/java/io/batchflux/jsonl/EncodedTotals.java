package io.batchflux.jsonl;

/**
 * What {@link JsonlEncoder} wrote in one subscription.
 *
 * @param requests the number of requests (lines) encoded
 * @param bytes the number of bytes encoded, line terminators included
 */
public record EncodedTotals(long requests, long bytes) {
}
