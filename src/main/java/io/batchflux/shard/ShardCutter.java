package io.batchflux.shard;

import io.batchflux.jsonl.EncodeLimitException;
import io.batchflux.jsonl.EncodedLine;

/**
 * Decides, line by line, where a new shard starts: before the line that would take the current shard past
 * {@code maxRequests} requests or {@code maxBytes} bytes. One instance per subscription; not thread-safe (lines
 * arrive in order, one at a time).
 */
final class ShardCutter {
    private final long maxRequests;
    private final long maxBytes;
    private long requests;
    private long bytes;

    ShardCutter(long maxRequests, long maxBytes) {
        this.maxRequests = maxRequests;
        this.maxBytes = maxBytes;
    }

    /** Whether {@code line} opens a new shard; accounts it to the shard it goes to. */
    boolean startsNewShard(EncodedLine line) {
        long size = line.bytes().length;
        EncodeLimitException.requireLineFits(line.customId(), size, maxBytes);
        boolean cut = requests > 0 && (requests + 1 > maxRequests || bytes + size > maxBytes);
        if (cut) {
            requests = 0;
            bytes = 0;
        }
        requests++;
        bytes += size;
        return cut;
    }
}
