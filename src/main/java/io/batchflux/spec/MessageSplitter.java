package io.batchflux.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request piece's bytes on {@code ||} like Go's {@code strings.Split}: leftmost, non-overlapping, and
 * n delimiters always give n + 1 ranges. Works on bytes because {@code |} never occurs inside a multi-byte UTF-8
 * sequence.
 */
final class MessageSplitter {
    private MessageSplitter() {
    }

    /** The {@code [start, end)} ranges of the messages, as {@code {start, end}} pairs. */
    static List<int[]> split(byte[] bytes) {
        List<int[]> ranges = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i + 1 < bytes.length) {
            if (bytes[i] == '|' && bytes[i + 1] == '|') {
                ranges.add(new int[] {start, i});
                i += 2;
                start = i;
            } else {
                i++;
            }
        }
        ranges.add(new int[] {start, bytes.length});
        return ranges;
    }
}
