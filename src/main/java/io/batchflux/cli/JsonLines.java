package io.batchflux.cli;

import io.batchflux.ApiError;
import io.batchflux.Batch;
import io.batchflux.BatchPage;
import io.batchflux.BatchResult;
import io.batchflux.json.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects as single-line JSON with OpenAI's own field names: batches and pages as the API sends them, results as
 * {@code {"custom_id","status_code","body"}} or {@code {"custom_id","status_code","error"}}.
 */
final class JsonLines {
    private JsonLines() {}

    static String batch(Batch batch) {
        return batchNode(batch).toString();
    }

    static String page(BatchPage page) {
        ObjectNode node = WireJson.mapper().createObjectNode();
        node.put("object", "list");
        ArrayNode data = node.putArray("data");
        page.data().forEach(b -> data.add(batchNode(b)));
        node.put("first_id", page.firstId());
        node.put("last_id", page.lastId());
        node.put("has_more", page.hasMore());
        return node.toString();
    }

    static String result(BatchResult result) {
        ObjectNode node = WireJson.mapper().createObjectNode();
        node.put("custom_id", result.customId());
        node.put("status_code", result.statusCode());
        if (result instanceof BatchResult.Succeeded s) {
            node.set("body", s.body());
        } else if (result instanceof BatchResult.Failed f) {
            node.set("error", error(f.error()));
        } else if (result instanceof BatchResult.NotExecuted n) {
            node.set("error", error(n.error()));
        } else {
            node.set("error", error(new ApiError("missing", "the request is in neither the output nor the error file",
                    null, null)));
        }
        return node.toString();
    }

    private static ObjectNode batchNode(Batch batch) {
        ObjectNode node = WireJson.mapper().valueToTree(batch);
        // derived accessors, not wire fields
        node.remove("terminal");
        node.remove("error_list");
        return node;
    }

    private static ObjectNode error(ApiError error) {
        ObjectNode node = WireJson.mapper().createObjectNode();
        putIfSet(node, "code", error.code());
        putIfSet(node, "message", error.message());
        putIfSet(node, "type", error.type());
        putIfSet(node, "param", error.param());
        return node;
    }

    private static void putIfSet(ObjectNode node, String field, @Nullable String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
