/**
 * batchflux: a reactive client for the OpenAI Batch API and every OpenAI-compatible server offering
 * {@code /v1/files} and {@code /v1/batches}.
 *
 * <p>Start with {@link io.batchflux.BatchClient#create(BatchClientOptions)}. Every method returns a cold
 * {@code Mono}/{@code Flux}: nothing is sent before subscription, and cancelling a subscription stops the
 * network and file work behind it. The types in this package are the supported API; packages below it
 * ({@code io.batchflux.http}, {@code io.batchflux.jsonl}, ...) are internal and may change without notice,
 * except {@code io.batchflux.emulator}, which users may start in their own tests.
 */
@NullMarked
package io.batchflux;

import org.jspecify.annotations.NullMarked;
