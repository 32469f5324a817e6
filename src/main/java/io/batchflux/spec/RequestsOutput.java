package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ChatMessages;
import io.batchflux.jsonl.JsonlMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests as {@link BatchRequest}s: a spec request's body is {@code {"model", "messages": [{"role",
 * "content"}, ...]}}.
 */
final class RequestsOutput extends RequestOutput<BatchRequest> {
    private final String model;
    private final String endpoint;

    RequestsOutput(String model, String endpoint) {
        this.model = model;
        this.endpoint = endpoint;
    }

    @Override
    void chat(String customId, ChatMessages messages) {
        add(request(customId, endpoint, model, messages));
    }

    @Override
    void request(BatchRequest request) {
        add(request);
    }

    /** The request of a spec piece's messages, its body built as a tree. */
    static BatchRequest request(String customId, String endpoint, String model, ChatMessages parsed) {
        ArrayNode messages = JsonlMapper.mapper().createArrayNode();
        for (int m = 0; m < parsed.size(); m++) {
            ObjectNode entry = messages.addObject();
            entry.put("role", parsed.role(m));
            entry.put("content", parsed.content(m));
        }
        ObjectNode body = JsonlMapper.mapper().createObjectNode();
        body.put("model", model);
        body.set("messages", messages);
        return BatchRequest.post(customId, endpoint, body);
    }
}
