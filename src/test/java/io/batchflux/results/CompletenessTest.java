package io.batchflux.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.batchflux.ApiError;
import io.batchflux.BatchResult;
import io.batchflux.json.WireJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Results joined to the submitted ids: each id once, repeats dropped, absent ids reported as missing. */
class CompletenessTest {
    private static BatchResult ok(String id) {
        return new BatchResult.Succeeded(id, "batch_req_" + id, 200, null, WireJson.mapper().createObjectNode());
    }

    @Test
    void absentIdsAreReportedAsMissingInSubmissionOrderAfterTheResults() {
        Flux<BatchResult> results = Flux.just(ok("b"), new BatchResult.NotExecuted("d", null,
                new ApiError("batch_expired", "expired", null, null)));
        StepVerifier.create(Completeness.withMissing(results, List.of("a", "b", "c", "d")).map(r ->
                        r.getClass().getSimpleName() + ":" + r.customId()))
                .expectNext("Succeeded:b", "NotExecuted:d", "Missing:a", "Missing:c")
                .expectComplete()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aResultSeenTwiceIsEmittedOnce() {
        Flux<BatchResult> results = Flux.just(ok("a"), ok("a"), ok("x"), ok("x"));
        List<String> ids = Completeness.withMissing(results, List.of("a")).map(BatchResult::customId).collectList()
                .block(Duration.ofSeconds(5));
        assertEquals(List.of("a", "x"), ids, "an unexpected id passes through, once");
    }
}
