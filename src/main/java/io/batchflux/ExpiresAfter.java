package io.batchflux;

import java.time.Duration;

/**
 * An expiration policy for a file ({@code expires_after} on upload, {@code output_expires_after} on batch
 * creation): the file expires {@code seconds} after its {@code anchor}. OpenAI accepts 3600 to 2592000
 * seconds (1 hour to 30 days) and the anchor {@code created_at}.
 */
public record ExpiresAfter(String anchor, long seconds) {
    public static final long MIN_SECONDS = 3_600;
    public static final long MAX_SECONDS = 2_592_000;

    public ExpiresAfter {
        if (anchor == null || anchor.isBlank()) {
            throw new IllegalArgumentException("expires_after needs an anchor such as created_at");
        }
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("expires_after seconds must be between " + MIN_SECONDS + " and "
                    + MAX_SECONDS + " (1 hour to 30 days), got " + seconds);
        }
    }

    /** Expire {@code ttl} after the file is created. */
    public static ExpiresAfter afterCreation(Duration ttl) {
        return new ExpiresAfter("created_at", ttl.toSeconds());
    }
}
