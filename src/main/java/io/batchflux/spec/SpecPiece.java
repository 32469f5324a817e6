package io.batchflux.spec;

/**
 * One {@code ///}-separated piece of a spec, untrimmed, with where it starts.
 *
 * @param position 1-based position among all pieces, blank ones included (the {@code custom_id} number)
 * @param byteOffset 0-based input offset of the piece's first byte
 * @param line 1-based input line of the piece's first byte
 * @param bytes the piece's bytes, delimiters excluded
 */
record SpecPiece(long position, long byteOffset, long line, byte[] bytes) {
}
