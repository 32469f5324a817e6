/**
 * Internal: the HTTP exchange with an OpenAI-compatible server over reactor-netty: authentication headers,
 * error decoding, retries and resumable downloads. Not a supported API.
 */
@NullMarked
package io.batchflux.http;

import org.jspecify.annotations.NullMarked;
