package io.batchflux.spec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that reports where malformed input starts (the JDK's one-shot decode does not). Not
 * thread-safe: one per subscription.
 */
final class Utf8Decoder {
    /** Malformed input at {@code index} (relative to the decoded range). */
    static final class MalformedAt extends Exception {
        private static final long serialVersionUID = 1L;
        final int index;

        MalformedAt(int index) {
            super(null, null, false, false);
            this.index = index;
        }
    }

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    String decode(byte[] bytes, int start, int end) throws MalformedAt {
        ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
        CharBuffer out = CharBuffer.allocate(end - start); // UTF-8 never yields more chars than bytes
        decoder.reset();
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new MalformedAt(in.position() - start);
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new MalformedAt(in.position() - start);
        }
        return out.flip().toString();
    }

    /** The number of UTF-8 bytes of {@code text}, which came from valid UTF-8. */
    static int encodedLength(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
