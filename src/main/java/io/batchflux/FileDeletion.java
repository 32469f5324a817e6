package io.batchflux;

/**
 * The answer to a file deletion.
 *
 * @param id the deleted file's id
 * @param deleted whether the server deleted it
 */
public record FileDeletion(String id, boolean deleted) {}
