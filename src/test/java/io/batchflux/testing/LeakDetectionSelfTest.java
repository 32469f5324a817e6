package io.batchflux.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the leak guard can fail: a buffer dropped without release is reported. */
class LeakDetectionSelfTest {

    @Test
    void unreleasedBufferIsReported() throws Exception {
        leakOne();
        List<String> leaks = LeakCheckExtension.collect();
        assertFalse(leaks.isEmpty(), "a dropped ByteBuf must be reported as a leak");
    }

    private static void leakOne() {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42);
        // dropped without release on purpose
    }
}
