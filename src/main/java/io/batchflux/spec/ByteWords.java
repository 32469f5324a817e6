package io.batchflux.spec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte scans eight bytes at a time ("SWAR"): a {@code long} read from a {@code byte[]} and bit tricks that test all
 * eight bytes at once. For the plain text that makes up most of a spec, a loop trip per eight bytes instead of
 * one per byte.
 */
final class ByteWords {
    static final long LOW_BITS = 0x0101010101010101L;
    static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    /** Eight bytes of a {@code byte[]} as one {@code long}, first byte lowest. */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {}

    /**
     * Non-zero when some byte of {@code word} is zero. Only the answer is exact: a byte above a zero byte may be
     * flagged too, so the result must not be used to locate or count zero bytes (see {@link #zeroBytes}).
     */
    static long hasZeroByte(long word) {
        return (word - LOW_BITS) & ~word & HIGH_BITS;
    }

    /** The high bit of every byte of {@code word} that is zero, and of no other: no carry crosses bytes. */
    static long zeroBytes(long word) {
        return ~(((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word) & HIGH_BITS;
    }

    /** How many of the bytes {@code [from, to)} of {@code bytes} equal {@code value}. */
    static int count(byte[] bytes, int from, int to, byte value) {
        long pattern = (value & 0xFFL) * LOW_BITS;
        int count = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            count += Long.bitCount(zeroBytes((long) LONGS.get(bytes, i) ^ pattern));
        }
        for (; i < to; i++) {
            if (bytes[i] == value) {
                count++;
            }
        }
        return count;
    }
}
