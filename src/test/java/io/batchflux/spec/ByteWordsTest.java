package io.batchflux.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time scans against plain per-byte loops. */
class ByteWordsTest {

    @Test
    void zeroBytesFlagsExactlyTheZeroBytesOfEveryPairOfNeighbours() {
        // a borrow or carry could only leak from one byte into the next: every ordered pair of byte values, in
        // every position of the word, against the other six bytes zero and then 0xFF
        for (int low = 0; low < 256; low++) {
            for (int high = 0; high < 256; high++) {
                for (int at = 0; at < 7; at++) {
                    for (long fill : new long[] {0, -1L}) {
                        long word = fill & ~(0xFFFFL << (8 * at)) | ((long) low << (8 * at))
                                | ((long) high << (8 * (at + 1)));
                        assertEquals(naiveZeroBytes(word), ByteWords.zeroBytes(word), Long.toHexString(word));
                    }
                }
            }
        }
    }

    @Test
    void hasZeroByteAnswersWhetherAnyByteIsZero() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long word = random.nextLong();
            if (random.nextBoolean()) {
                word &= ~(0xFFL << (8 * random.nextInt(8))); // one zero byte more
            }
            assertEquals(naiveZeroBytes(word) != 0, ByteWords.hasZeroByte(word) != 0, Long.toHexString(word));
        }
    }

    @Test
    void countMatchesAPerByteLoopForEveryRangeAndValue() {
        SplittableRandom random = new SplittableRandom(11);
        byte[] bytes = new byte[67];
        for (int round = 0; round < 2_000; round++) {
            byte value = (byte) random.nextInt(256);
            // the value and its near misses side by side: value ^ 1 right above a match is what a borrow-based
            // zero test miscounts, value ^ 0x80 what a test of the low seven bits alone would
            byte[] near = {value, value, (byte) (value ^ 1), (byte) (value ^ 0x80), (byte) random.nextInt(256)};
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = near[random.nextInt(near.length)];
            }
            for (int from = 0; from < bytes.length; from += 1 + random.nextInt(9)) {
                for (int to = from; to <= bytes.length; to++) {
                    assertEquals(naiveCount(bytes, from, to, value), ByteWords.count(bytes, from, to, value),
                            "from " + from + " to " + to + " value " + value);
                }
            }
        }
    }

    @Test
    void aNearMissAboveANewlineIsNotCounted() {
        byte[] bytes = "\n\u000Baaaaaa\n\u000B".getBytes(StandardCharsets.US_ASCII);
        assertEquals(2, ByteWords.count(bytes, 0, bytes.length, (byte) '\n'));
        assertEquals(1, ByteWords.count(bytes, 0, 8, (byte) '\n'));
    }

    private static long naiveZeroBytes(long word) {
        long flags = 0;
        for (int b = 0; b < 8; b++) {
            if (((word >>> (8 * b)) & 0xFF) == 0) {
                flags |= 0x80L << (8 * b);
            }
        }
        return flags;
    }

    private static int naiveCount(byte[] bytes, int from, int to, byte value) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                count++;
            }
        }
        return count;
    }
}
