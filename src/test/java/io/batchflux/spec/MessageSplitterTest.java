package io.batchflux.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The splitter skips plain text eight bytes at a time; this pins it against a byte-at-a-time reference for every
 * byte value at every offset within and across words, and for random mixes.
 */
class MessageSplitterTest {
    private final MessageSplitter splitter = new MessageSplitter();

    @Test
    void everyByteValueAtEveryOffsetIsFound() {
        for (int value = 0; value < 256; value++) {
            for (int length = 1; length <= 24; length++) {
                for (int at = 0; at < length; at++) {
                    byte[] bytes = "abcdefghijklmnopqrstuvwxyz".substring(0, length).getBytes();
                    bytes[at] = (byte) value;
                    assertSame(bytes, "byte " + value + " at " + at + " of " + length);
                }
            }
        }
    }

    @Test
    void randomMixesSplitLikeTheReference() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] alphabet = "aaaaaaaaaaaaaaaaaaaa||\"\\\n\t\u007f/:".getBytes();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(80)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(20) == 0 ? (byte) (0x80 + random.nextInt(128))
                        : alphabet[random.nextInt(alphabet.length)];
            }
            assertSame(bytes, "round " + round);
        }
    }

    @Test
    void wordTestAgreesWithTheByteTableForEveryPairOfNeighbours() {
        // the word test's borrows could only reach from one byte into the next: every ordered pair of byte values,
        // at every position of a word that is otherwise plain: letters, and the plain bytes at either edge (space,
        // the lowest, and DEL, the highest)
        for (int low = 0; low < 256; low++) {
            for (int high = 0; high < 256; high++) {
                for (int at = 0; at < 7; at++) {
                    for (long fill : new long[] {0x6161616161616161L, 0x2020202020202020L, 0x7F7F7F7F7F7F7F7FL}) {
                        long word = fill & ~(0xFFFFL << (8 * at)) | ((long) low << (8 * at))
                                | ((long) high << (8 * (at + 1)));
                        assertEquals(allPlain(word), MessageSplitter.isPlainWord(word), Long.toHexString(word));
                    }
                }
            }
        }
    }

    /** Byte by byte: none is |, ", a backslash, below 0x20 or from 0x80 up. */
    private static boolean allPlain(long word) {
        for (int b = 0; b < 8; b++) {
            int value = (int) (word >>> (8 * b)) & 0xFF;
            if (value < 0x20 || value >= 0x80 || value == '|' || value == '"' || value == '\\') {
                return false;
            }
        }
        return true;
    }

    private void assertSame(byte[] bytes, String what) {
        splitter.split(bytes);
        List<String> actual = new ArrayList<>();
        for (int m = 0; m < splitter.count(); m++) {
            actual.add(splitter.start(m) + ".." + splitter.end(m) + " flags " + splitter.flags(m));
        }
        assertEquals(reference(bytes), actual, what);
    }

    /** Go's strings.Split on "||", with the flags of each message's bytes computed one byte at a time. */
    private static List<String> reference(byte[] bytes) {
        List<String> ranges = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i + 1 < bytes.length) {
            if (bytes[i] == '|' && bytes[i + 1] == '|') {
                ranges.add(start + ".." + i + " flags " + flags(bytes, start, i));
                i += 2;
                start = i;
            } else {
                i++;
            }
        }
        ranges.add(start + ".." + bytes.length + " flags " + flags(bytes, start, bytes.length));
        return ranges;
    }

    private static int flags(byte[] bytes, int from, int to) {
        int flags = 0;
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x80) {
                flags |= MessageSplitter.NON_ASCII;
            } else if (b < 0x20 || b == '"' || b == '\\') {
                flags |= MessageSplitter.ESCAPED;
            }
        }
        return flags;
    }
}
