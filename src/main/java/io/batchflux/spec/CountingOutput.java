package io.batchflux.spec;

import io.batchflux.BatchRequest;
import io.batchflux.jsonl.ChatMessages;
import java.util.List;

/** Only the number of requests, emitted once at the end of the input: for a validation pass. */
final class CountingOutput extends RequestOutput<Long> {
    private long count;

    @Override
    void chat(String customId, ChatMessages messages) {
        count++;
    }

    @Override
    void request(BatchRequest request) {
        count++;
    }

    @Override
    List<Long> finish() {
        return List.of(count);
    }
}
