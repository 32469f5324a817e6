/**
 * An in-process emulator of the OpenAI Files and Batches API, for tests that want a real HTTP server without
 * a network, an account or a bill.
 *
 * <p>Start one with {@link io.batchflux.emulator.BatchEmulator#start(EmulatorOptions)} and point a client at
 * {@link io.batchflux.emulator.BatchEmulator#baseUrl()}. The emulator speaks OpenAI's wire format, built here
 * with Jackson trees straight from OpenAI's OpenAPI schemas: it deliberately shares no JSON code with the
 * batchflux client, so the two cannot drift into a private dialect. Only {@code BatchEmulator},
 * {@code EmulatorOptions}, {@code FaultOptions}, {@code FaultKind}, {@code RouteKind} and
 * {@code EmulatorStats} are public; the rest is package-private and may change.
 */
@NullMarked
package io.batchflux.emulator;

import org.jspecify.annotations.NullMarked;
