package io.batchflux.jsonl;

/**
 * One request already encoded as a JSONL line (terminating {@code \n} included), so its size is known before it
 * is placed: sharding decides where a line goes by its bytes.
 */
public record EncodedLine(String customId, byte[] bytes) {}
