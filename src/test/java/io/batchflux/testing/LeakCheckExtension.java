package io.batchflux.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked {@code ByteBuf} while or after it ran. Registered for every
 * test through {@code META-INF/services} (JUnit's extension auto-detection); a leak found after class B may
 * have been made by an earlier class, and the report's access records say where.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            fail("tests must run with -Dio.netty.leakDetection.level=paranoid (see the surefire argLine)");
        }
        List<String> leaks = new ArrayList<>(collect());
        if (!leaks.isEmpty()) {
            fail(leaks.size() + " leaked ByteBuf(s) detected after " + context.getDisplayName() + ":\n"
                    + String.join("\n\n", leaks));
        }
    }

    /** Forces the collector to find unreachable buffers, then allocates so the detector polls its queue. */
    static List<String> collect() throws InterruptedException {
        List<String> found = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(40);
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
            ByteBufAllocator.DEFAULT.heapBuffer(1).release();
            PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
            Unpooled.directBuffer(1).release();
            found.addAll(RecordingLeakDetector.drain());
        }
        return found;
    }
}
