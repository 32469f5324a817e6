package io.batchflux.json;

import io.batchflux.Batch;
import io.batchflux.BatchPage;
import io.batchflux.FileObject;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A typical server answer per wire type, decoded once by {@link WireJson#warmUp}: only a real decode runs every
 * path a first response takes (each nested record's deserializer, the method handles Jackson links to call record
 * constructors, the timestamp and status deserializers); building the deserializers alone leaves most of it.
 */
final class WarmUpDocuments {
    private static final String BATCH = """
            {"id":"batch_warm_up","object":"batch","endpoint":"/v1/chat/completions","model":"gpt-4o-mini",
             "errors":{"object":"list","data":[{"code":"invalid","message":"m","param":"body","line":1}]},
             "input_file_id":"file-in","completion_window":"24h","status":"in_progress",
             "output_file_id":"file-out","error_file_id":null,"created_at":1795599986,"in_progress_at":1795599987,
             "expires_at":1795686386,"finalizing_at":null,"completed_at":null,"failed_at":null,"expired_at":null,
             "cancelling_at":null,"cancelled_at":null,"request_counts":{"total":2,"completed":1,"failed":0},
             "usage":{"input_tokens":1,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,
             "output_tokens_details":{"reasoning_tokens":0},"total_tokens":2},"metadata":{"key":"value"}}""";

    private static final Map<Class<?>, String> DOCUMENTS = Map.of(
            Batch.class, BATCH,
            FileObject.class, """
                    {"id":"file-warm-up","object":"file","bytes":98,"created_at":1795600002,"expires_at":1798192002,
                     "filename":"batch.jsonl","purpose":"batch","status":"processed","status_details":null}""",
            BatchPage.class, "{\"object\":\"list\",\"data\":[" + BATCH
                    + "],\"first_id\":\"batch_warm_up\",\"last_id\":\"batch_warm_up\",\"has_more\":false}");

    private WarmUpDocuments() {}

    /** The document for {@code type}, or null when there is none. */
    static @Nullable String of(Class<?> type) {
        return DOCUMENTS.get(type);
    }
}
