package io.batchflux.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.batchflux.Batch;
import io.batchflux.BatchPage;
import io.batchflux.BatchStatus;
import io.batchflux.FileObject;
import io.batchflux.FilePage;
import org.junit.jupiter.api.Test;

/**
 * The warm-up decodes must succeed: the CLI runs them on a spare thread and ignores a failure, which would leave
 * the first real response as slow as before without anyone noticing.
 */
class WarmUpDocumentsTest {
    @Test
    void everyDocumentDecodesToItsTypeAndReachesTheNestedRecords() {
        Batch batch = WireJson.mapper().readValue(WarmUpDocuments.of(Batch.class), Batch.class);
        assertEquals("batch_warm_up", batch.id());
        assertEquals(BatchStatus.IN_PROGRESS, batch.status());
        assertEquals(1, batch.errors().data().size(), "errors, a nested list of records");
        assertEquals(2, batch.requestCounts().total());
        assertNotNull(batch.createdAt());
        assertNotNull(batch.usage());
        assertEquals("value", batch.metadata().get("key"));

        FileObject file = WireJson.mapper().readValue(WarmUpDocuments.of(FileObject.class), FileObject.class);
        assertEquals("file-warm-up", file.id());
        assertNotNull(file.expiresAt());

        BatchPage page = WireJson.mapper().readValue(WarmUpDocuments.of(BatchPage.class), BatchPage.class);
        assertEquals(batch, page.data().get(0));
        assertEquals("batch_warm_up", page.nextCursor());
    }

    @Test
    void warmUpRunsForTypesWithAndWithoutADocument() {
        assertNull(WarmUpDocuments.of(FilePage.class), "no document: only the deserializer is built");
        WireJson.warmUp(Batch.class, FileObject.class, BatchPage.class, FilePage.class);
    }
}
