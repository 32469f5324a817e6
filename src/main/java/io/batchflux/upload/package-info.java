/**
 * Internal: the streamed {@code multipart/form-data} body of {@code POST /files}, built by hand so that JSONL
 * flows from its source to the socket chunk by chunk. Not a supported API.
 */
@NullMarked
package io.batchflux.upload;

import org.jspecify.annotations.NullMarked;
