/**
 * Internal: reading output and error files line by line into {@code BatchResult}s, and correlating them with
 * the submitted requests. Not a supported API; use {@code BatchClient.results}.
 */
@NullMarked
package io.batchflux.results;

import org.jspecify.annotations.NullMarked;
