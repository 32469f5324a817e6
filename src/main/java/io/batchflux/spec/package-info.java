/**
 * The request spec parser: turns {@code role: text || role: text /// ...} specs (or, auto-detected, native batch
 * JSONL) into a lazy {@code Flux<BatchRequest>}, reading the input incrementally and holding only the current
 * request. Start with {@link io.batchflux.spec.RequestSpecParser#create(SpecOptions)}. Internal to batchflux; may
 * change without notice.
 */
@NullMarked
package io.batchflux.spec;

import org.jspecify.annotations.NullMarked;
