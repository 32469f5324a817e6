/**
 * The {@code batchflux} command-line tool: the flags and emoji output of the Go example it replaces
 * ({@code create}, {@code get}, {@code cancel}, {@code list}) plus {@code watch}, {@code results}, {@code run},
 * {@code demo} and {@code emulator}. {@link io.batchflux.cli.Main} is the entry point; everything else is
 * package-private. The CLI blocks on the library's {@code Mono}/{@code Flux}; the library itself never does.
 */
@NullMarked
package io.batchflux.cli;

import org.jspecify.annotations.NullMarked;
