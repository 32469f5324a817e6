/**
 * Internal: watching a batch as a polling {@code Flux} of snapshots. Not a supported API; use
 * {@code BatchClient.watch}.
 */
@NullMarked
package io.batchflux.watch;

import org.jspecify.annotations.NullMarked;
