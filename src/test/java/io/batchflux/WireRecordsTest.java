package io.batchflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchflux.json.WireJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The wire records read what real servers send: OpenAI, Azure's older payloads, Together, nulls everywhere. */
class WireRecordsTest {

    private static Batch batch(String json) {
        return WireJson.mapper().readValue(json, Batch.class);
    }

    @Test
    void openAiBatchWithNullsAndUnknownFieldsParses() {
        Batch b = batch("{\"id\":\"batch_abc\",\"object\":\"batch\",\"endpoint\":\"/v1/chat/completions\","
                + "\"errors\":null,\"input_file_id\":\"file-1\",\"completion_window\":\"24h\",\"status\":\"completed\","
                + "\"output_file_id\":\"file-2\",\"error_file_id\":null,\"created_at\":1714508499,"
                + "\"in_progress_at\":null,\"expires_at\":1714536634,\"completed_at\":1714508507,\"failed_at\":null,"
                + "\"request_counts\":{\"total\":2,\"completed\":2,\"failed\":0},\"metadata\":null,"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15},\"future\":[1,2]}");
        assertEquals(BatchStatus.COMPLETED, b.status());
        assertTrue(b.isTerminal());
        assertEquals(Instant.ofEpochSecond(1714508499), b.createdAt());
        assertNull(b.inProgressAt());
        assertNull(b.errorFileId());
        assertTrue(b.metadata().isEmpty());
        assertTrue(b.errorList().isEmpty());
        assertEquals(15, b.usage().get("total_tokens").asInt());
    }

    @Test
    void isoTimestampsAndCapitalisedStatusesOfOtherBackendsParse() {
        Batch azure = batch("{\"id\":\"batch_1\",\"status\":\"Completed\",\"created_at\":\"2024-05-01T10:00:00Z\","
                + "\"completed_at\":\"2024-05-01T10:05:00+02:00\",\"expires_at\":0}");
        assertEquals(BatchStatus.COMPLETED, azure.status());
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), azure.createdAt());
        assertEquals(Instant.parse("2024-05-01T08:05:00Z"), azure.completedAt());
        assertNull(azure.expiresAt(), "0 means unset");
        Batch together = batch("{\"id\":\"b\",\"status\":\"IN_PROGRESS\",\"created_at\":\"2024-05-01T10:00:00\"}");
        assertEquals(BatchStatus.IN_PROGRESS, together.status());
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), together.createdAt());
    }

    @Test
    void unknownStatusIsKeptAndNotTerminal() {
        Batch b = batch("{\"id\":\"b\",\"status\":\"paused_for_review\"}");
        assertEquals("paused_for_review", b.status().value());
        assertFalse(b.status().isKnown());
        assertFalse(b.isTerminal());
        assertEquals(RequestCounts.NONE, b.requestCounts());
    }

    @Test
    void validationErrorsAreRead() {
        Batch b = batch("{\"id\":\"b\",\"status\":\"failed\",\"errors\":{\"object\":\"list\",\"data\":[{\"code\":"
                + "\"invalid_json_line\",\"message\":\"bad\",\"param\":null,\"line\":3}]}}");
        assertEquals(1, b.errorList().size());
        assertEquals(3L, b.errorList().get(0).line());
        assertEquals("invalid_json_line", b.errorList().get(0).code());
    }

    @Test
    void fileObjectAndPageParse() {
        FileObject f = WireJson.mapper().readValue("{\"id\":\"file-1\",\"object\":\"file\",\"bytes\":120,"
                + "\"created_at\":1677610602,\"expires_at\":null,\"filename\":\"in.jsonl\",\"purpose\":\"batch\","
                + "\"status\":\"processed\",\"status_details\":null}", FileObject.class);
        assertEquals(120L, f.bytes());
        assertEquals("in.jsonl", f.filename());
        BatchPage page = WireJson.mapper().readValue("{\"object\":\"list\",\"data\":[{\"id\":\"b1\",\"status\":"
                + "\"validating\"}],\"first_id\":\"b1\",\"has_more\":true}", BatchPage.class);
        assertEquals("b1", page.nextCursor(), "falls back to the last batch's id when last_id is missing");
    }

    @Test
    void optionsRejectBadValuesBeforeAnyIo() {
        assertThrows(IllegalArgumentException.class, () -> new ExpiresAfter("created_at", 60));
        assertThrows(IllegalArgumentException.class,
                () -> BatchClientOptions.builder().baseUrl("ftp://example.com").build());
        java.util.Map<String, String> tooMany = new java.util.HashMap<>();
        for (int i = 0; i < 17; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThrows(IllegalArgumentException.class, () -> CreateBatchParams.of("file-1").withMetadata(tooMany));
        assertEquals("https://host/openai/v1",
                BatchClientOptions.builder().baseUrl("https://host/openai/v1///").build().baseUrl());
    }
}
