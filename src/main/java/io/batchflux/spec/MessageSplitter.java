package io.batchflux.spec;

import io.batchflux.jsonl.ChatMessages;
import java.util.Arrays;

/**
 * Splits a request piece's bytes on {@code ||} like Go's {@code strings.Split}: leftmost, non-overlapping, and
 * n delimiters always give n + 1 ranges. Works on bytes because {@code |} never occurs inside a multi-byte UTF-8
 * sequence. The same pass notes, per message, whether it holds non-ASCII bytes (which need decoding) and bytes
 * JSON must escape, so no later step scans the text again to find out. One instance per subscription: the ranges
 * are reused from piece to piece.
 */
final class MessageSplitter {
    private static final byte PLAIN = 0;
    private static final byte PIPE = 1;
    /** Flag: a byte JSON escapes (a control character, {@code "} or {@code \}). */
    static final byte ESCAPED = 2;
    /** Flag: a byte of a multi-byte UTF-8 sequence (or an invalid one). */
    static final byte NON_ASCII = 4;
    private static final byte[] KINDS = kinds();
    private static final boolean WORDS_USABLE = wordsMatchTable();

    private int[] starts = new int[4];
    private int[] ends = new int[4];
    private int[] flags = new int[4];
    private int count;

    /** Splits {@code bytes}; the ranges are readable until the next call. */
    void split(byte[] bytes) {
        byte[] kinds = KINDS;
        count = 0;
        int start = 0;
        int seen = 0;
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            if (WORDS_USABLE) {
                while (i + Long.BYTES <= n && isPlainWord((long) ByteWords.LONGS.get(bytes, i))) {
                    i += Long.BYTES;
                }
                if (i == n) {
                    break;
                }
            }
            byte kind = kinds[bytes[i] & 0xFF];
            if (kind == PLAIN) {
                i++;
            } else if (kind == PIPE) {
                if (i + 1 < n && bytes[i + 1] == '|') {
                    add(start, i, seen);
                    i += 2;
                    start = i;
                    seen = 0;
                } else {
                    i++;
                }
            } else {
                seen |= kind;
                i++;
            }
        }
        add(start, n, seen);
    }

    /**
     * True when none of the eight bytes is {@code |}, {@code "}, a backslash, a control character or non-ASCII, in
     * three word tests: {@code (word - 0x20 per byte) | word} has a byte's high bit set only if some byte is below
     * {@code 0x20} (its borrow) or from {@code 0x80} up; setting bit 5 of every byte folds a backslash ({@code 0x5C})
     * onto {@code |} ({@code 0x7C}), so one zero-byte test finds both; a third finds {@code "}. Each is exact as a
     * yes/no answer for the word (a borrow only spreads from a byte that is itself special), which is all the
     * skip loop needs: a word that fails is looked at byte by byte. For the plain text that makes up most of a
     * spec, one loop trip per eight bytes.
     */
    static boolean isPlainWord(long word) {
        long special = ((word - ByteWords.LOW_BITS * 0x20) | word)
                | ByteWords.hasZeroByte((word | ByteWords.LOW_BITS * 0x20) ^ (ByteWords.LOW_BITS * '|'))
                | ByteWords.hasZeroByte(word ^ (ByteWords.LOW_BITS * '"'));
        return (special & ByteWords.HIGH_BITS) == 0;
    }

    /** Whether the word test finds exactly the bytes the table does not call plain (it does unless the mapper was
     * configured to escape more). */
    private static boolean wordsMatchTable() {
        for (int b = 0; b < 256; b++) {
            long word = (b & 0xFFL) * ByteWords.LOW_BITS;
            if (isPlainWord(word) != (KINDS[b] == PLAIN)) {
                return false;
            }
        }
        return true;
    }

    int count() {
        return count;
    }

    int start(int message) {
        return starts[message];
    }

    int end(int message) {
        return ends[message];
    }

    /** {@link #ESCAPED} and {@link #NON_ASCII} flags of the message's bytes. */
    int flags(int message) {
        return flags[message];
    }

    private void add(int start, int end, int seen) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            flags = Arrays.copyOf(flags, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        flags[count] = seen;
        count++;
    }

    private static byte[] kinds() {
        byte[] kinds = new byte[256];
        for (int b = 0; b < 256; b++) {
            kinds[b] = b == '|' ? PIPE
                    : b >= 0x80 ? NON_ASCII
                    : ChatMessages.needsEscape((byte) b) ? ESCAPED
                    : PLAIN;
        }
        return kinds;
    }
}
