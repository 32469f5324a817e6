/**
 * Internal: the Jackson configuration of the wire records (snake_case names, tolerant timestamps, open
 * statuses). Not a supported API.
 */
@NullMarked
package io.batchflux.json;

import org.jspecify.annotations.NullMarked;
