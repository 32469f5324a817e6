package io.batchflux.emulator;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A file the emulator holds, and where its bytes are on disk.
 *
 * @param createdAt unix seconds
 * @param expiresAt unix seconds, or null when it does not expire
 */
record StoredFile(String id, long bytes, long createdAt, @Nullable Long expiresAt, String filename, String purpose,
        Path path) {

    /** OpenAI's {@code OpenAIFile} object. */
    ObjectNode toJson() {
        ObjectNode node = EmulatorJson.object();
        node.put("id", id);
        node.put("object", "file");
        node.put("bytes", bytes);
        node.put("created_at", createdAt);
        EmulatorJson.putNullable(node, "expires_at", expiresAt);
        node.put("filename", filename);
        node.put("purpose", purpose);
        node.put("status", "processed");
        node.putNull("status_details");
        return node;
    }
}
