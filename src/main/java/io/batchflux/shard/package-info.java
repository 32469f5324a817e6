/**
 * Internal: cutting one request stream into shards that each fit a batch, and submitting them as they arrive.
 * Not a supported API; use {@code BatchClient.submitShards}.
 */
@NullMarked
package io.batchflux.shard;

import org.jspecify.annotations.NullMarked;
