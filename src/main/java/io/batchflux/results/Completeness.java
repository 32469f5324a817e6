package io.batchflux.results;

import io.batchflux.BatchResult;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * Joins results to the submitted requests by {@code custom_id}: each expected id comes out exactly once, a
 * result for an id seen before is dropped (a resumed or repeated read can never duplicate), and ids that appear
 * in neither file are emitted as {@link BatchResult.Missing} after the results, in submission order.
 */
public final class Completeness {
    private Completeness() {}

    public static Flux<BatchResult> withMissing(Flux<BatchResult> results, Collection<String> expectedIds) {
        return Flux.defer(() -> {
            Set<String> outstanding = new LinkedHashSet<>(expectedIds);
            // a set for the lookups below: contains() on a caller's list would make this quadratic
            Set<String> expected = expectedIds instanceof Set<String> set ? set : new HashSet<>(outstanding);
            Set<String> unexpectedSeen = new HashSet<>();
            return results
                    .filter(r -> outstanding.remove(r.customId())
                            || (!expected.contains(r.customId()) && unexpectedSeen.add(r.customId())))
                    .concatWith(Flux.defer(() -> Flux.fromIterable(outstanding).map(BatchResult.Missing::new)));
        });
    }
}
