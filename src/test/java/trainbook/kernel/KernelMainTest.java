package trainbook.kernel;

import org.dflib.jjava.jupyter.channels.Loop;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class KernelMainTest {
    /** A bad HMAC makes the base's read loop throw SecurityException; a guarded loop logs it and keeps going. */
    @Test
    void guardedLoopSurvivesUnreadableMessages() throws Exception {
        CountDownLatch guarded = new CountDownLatch(1);
        CountDownLatch survived = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Loop loop = new Loop("test-shell", 1, () -> {
            try {
                guarded.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (calls.incrementAndGet() <= 3) throw new SecurityException("Message received had invalid signature");
            survived.countDown();
        });
        loop.start();
        try {
            assertTrue(KernelMain.guardChannelLoops() >= 1);
            guarded.countDown();
            assertTrue(survived.await(20, TimeUnit.SECONDS), "the loop kept running after three bad messages");
            assertTrue(loop.isAlive());
        } finally {
            loop.shutdown();
            loop.join(5000);
        }
    }
}
