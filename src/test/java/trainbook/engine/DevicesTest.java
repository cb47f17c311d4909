package trainbook.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DevicesTest {
    @Test
    void resolvesNamesAndRejectsBadOnes() {
        assertEquals(Device.cpu(), Devices.resolve("cpu"));
        int gpus = Engine.getInstance().getGpuCount();
        assertEquals(gpus > 0 ? Device.gpu(0) : Device.cpu(), Devices.resolve("auto"));
        assertEquals(Devices.resolve("auto"), Devices.resolve(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("gpu:N"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu:" + gpus));
        assertTrue(e.getMessage().contains(gpus + " GPU"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu:x"));
    }

    @Test
    void threadsAreSettableAndVersionsKnown() {
        int before = Devices.threads();
        try {
            Devices.setThreads(1);
            assertEquals(1, Devices.threads());
        } finally {
            Devices.setThreads(before);
        }
        assertThrows(IllegalArgumentException.class, () -> Devices.setThreads(0));
        assertEquals("0.35.1", Devices.djlVersion());
        assertTrue(Devices.pytorchVersion().startsWith("2.7.1"), Devices.pytorchVersion());
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    @Test
    void thePreloadRunsOnceOnALowPriorityDaemonAndLeavesTheEngineLoaded() throws InterruptedException {
        Thread t = Devices.preloadInBackground(10);
        assertSame(t, Devices.preloadInBackground(0), "a second call starts no second load");
        assertTrue(t.isDaemon(), "must not keep the kernel's JVM alive");
        assertEquals(Thread.MIN_PRIORITY, t.getPriority());
        t.join(120_000);
        assertFalse(t.isAlive(), "the engine load finished");
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
    }

    @Test
    void aRunWaitsOnlyWhileThePreloadLoadsTheEngineAndThenTellsTheWarmUpToStop() throws Exception {
        Thread t = Devices.preloadInBackground(0);
        // from another thread than the preload's: waits for the engine load (bounded), then marks a run as started
        long waited = Devices.awaitPreload(120_000);
        assertTrue(waited < 120_000, "the wait ends when the engine is loaded");
        assertTrue(Devices.runStarted());
        t.join(120_000);
        long t0 = System.nanoTime();
        assertEquals(0, Devices.awaitPreload(120_000), "nothing loading: no wait");
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
    }

    @Test
    void aRunThatStartsDuringATrainingWarmUpWaitsForItAndNoWarmUpStartsAfterARun() throws Exception {
        Devices.preloadInBackground(0).join(120_000); // a preload thread exists (once per JVM) and has loaded
        Devices.forgetRunStarted();
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean warmUpDone = new java.util.concurrent.atomic.AtomicBoolean();
        boolean[] ran = {false};
        Thread warm = new Thread(() -> ran[0] = Devices.unlessRunStarted(() -> {
            inside.countDown();
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            warmUpDone.set(true);
        }));
        warm.start();
        assertTrue(inside.await(30, java.util.concurrent.TimeUnit.SECONDS));
        long waited = Devices.awaitPreload(60_000);
        assertTrue(warmUpDone.get(), "the run went ahead only after the warm-up's step (waited " + waited + " ms)");
        warm.join(30_000);
        assertTrue(ran[0]);
        boolean[] second = {false};
        assertFalse(Devices.unlessRunStarted(() -> second[0] = true), "no warm-up step once a run has started");
        assertFalse(second[0]);
    }

    @Test
    void thePreloadThreadNeverWaitsForItself() throws Exception {
        long[] waited = {-1};
        Thread t = new Thread(() -> waited[0] = Devices.awaitPreload(5_000));
        t.start();
        t.join(10_000);
        assertTrue(waited[0] >= 0 && waited[0] < 5_000, "a thread returns once no engine load is under way");
    }
}
