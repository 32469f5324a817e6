package io.batchflux.jsonl;

/**
 * The limits {@link JsonlEncoder} enforces while streaming, matching the Batch API's per-file limits.
 *
 * @param maxRequests the most requests (lines) per file; OpenAI allows 50,000 (Azure 100,000)
 * @param maxBytes the most bytes per file; OpenAI allows 200 MB (209,715,200 bytes)
 */
public record EncodeLimits(long maxRequests, long maxBytes) {
    /** OpenAI's limits: 50,000 requests and 209,715,200 bytes. */
    public static final EncodeLimits OPENAI = new EncodeLimits(50_000, 209_715_200L);

    public EncodeLimits {
        if (maxRequests < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxRequests + ", " + maxBytes);
        }
    }

    /** OpenAI's limits. */
    public static EncodeLimits defaults() {
        return OPENAI;
    }

    public EncodeLimits withMaxRequests(long maxRequests) {
        return new EncodeLimits(maxRequests, maxBytes);
    }

    public EncodeLimits withMaxBytes(long maxBytes) {
        return new EncodeLimits(maxRequests, maxBytes);
    }
}
