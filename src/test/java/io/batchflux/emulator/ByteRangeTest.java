package io.batchflux.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code Range} headers as RFC 9110 reads them: an invalid one is ignored, the unit's case does not matter. */
class ByteRangeTest {
    @Test
    void rangesAreResolvedAgainstTheSize() {
        assertEquals(new ByteRange(1, 2, 3), ByteRange.parse("bytes=1-", 3));
        assertEquals(new ByteRange(0, 1, 3), ByteRange.parse("bytes=0-0", 3));
        assertEquals(new ByteRange(1, 2, 3), ByteRange.parse("bytes=1-99", 3));
        assertTrue(ByteRange.parse("bytes=3-", 3).unsatisfiable());
        assertEquals(new ByteRange(1, 2, 3), ByteRange.parse("Bytes=1-", 3));
    }

    @Test
    void anInvalidOrUnsupportedRangeIsIgnored() {
        assertNull(ByteRange.parse("bytes=5-1", 3), "last before first: invalid, not unsatisfiable");
        assertNull(ByteRange.parse("bytes=2-1", 3));
        assertNull(ByteRange.parse("bytes=-1", 3));
        assertNull(ByteRange.parse("bytes=0-1,2-2", 3));
        assertNull(ByteRange.parse("items=0-1", 3));
        assertNull(ByteRange.parse("bytes=x-1", 3));
    }
}
