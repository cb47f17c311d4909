package trainbook.magic;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trainbook.engine.Cancellation;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class KernelCompatTest {
    @AfterEach
    void clearStop() {
        Cancellation.current().reset();
    }

    @Test
    void displayIdGoesIntoTheTransientDataEveryKernelReads() {
        DisplayData d = new DisplayData("x");
        assertSame(d, KernelCompat.withDisplayId(d, "id-1"));
        assertEquals("id-1", d.getDisplayId(), "jjava-jupyter reads it as the display id");
        assertTrue(d.hasDisplayId());
    }

    @Test
    void anInterruptDuringAMagicAsksTheRunToStopInsteadOfCancellingTheCell() throws Exception {
        Map<String, Future<Object>> running = new ConcurrentHashMap<>();
        CompletableFuture<Object> cell = new CompletableFuture<>();
        CompletableFuture<Object> nested = CompletableFuture.completedFuture("done"); // a finished nested eval
        running.put("cell", cell);
        running.put("nested", nested);
        try (AutoCloseable ignored = KernelCompat.stopFirst(running, Cancellation.current())) {
            assertNotSame(cell, running.get("cell"), "the running cell is stood in for");
            assertSame(nested, running.get("nested"));
            running.forEach((id, f) -> f.cancel(true)); // what JJava's interrupt does
            assertTrue(Cancellation.current().isRequested(), "a stop request");
            assertFalse(cell.isCancelled(), "the cell goes on, so the run's report reaches it");
            assertTrue(Cancellation.current().stopRequested(), "the run takes the request up");
            Thread.sleep(KernelCompat.STOP_GRACE_MILLIS + 300);
            assertFalse(cell.isCancelled(), "taken up in time: never cancelled");
        }
        assertSame(cell, running.get("cell"), "the original is back once the magic ends");
    }

    @Test
    void aStopNobodyTakesUpInterruptsTheMagicThreadAfterTheGracePeriod() throws Exception {
        Map<String, Future<Object>> running = new ConcurrentHashMap<>();
        CompletableFuture<Object> cell = new CompletableFuture<>();
        running.put("cell", cell);
        try (AutoCloseable ignored = KernelCompat.stopFirst(running, Cancellation.current())) {
            running.get("cell").cancel(true);
            assertFalse(Thread.interrupted(), "not interrupted at once");
            long t0 = System.nanoTime();
            long deadline = t0 + (KernelCompat.STOP_GRACE_MILLIS + 5000) * 1_000_000L;
            boolean interrupted = false;
            while (!interrupted && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            assertTrue(interrupted, "the magic's thread is interrupted once the grace period is over");
            assertTrue(System.nanoTime() - t0 >= (KernelCompat.STOP_GRACE_MILLIS - 100) * 1_000_000L);
            assertFalse(cell.isCancelled(), "the cell is left to end with the run's report");
            assertTrue(Cancellation.current().stopRequested(), "the run sees the stop");
        }
        assertSame(cell, running.get("cell"));
    }

    @Test
    void aCellRecordedJustAfterTheMagicStartedIsStillStoodIn() throws Exception {
        Map<String, Future<Object>> running = new ConcurrentHashMap<>();
        CompletableFuture<Object> cell = new CompletableFuture<>();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            running.put("cell", cell);
        });
        late.start();
        try (AutoCloseable ignored = KernelCompat.stopFirst(running, Cancellation.current())) {
            assertNotSame(cell, running.get("cell"), "found once JJava recorded it");
        }
        assertSame(cell, running.get("cell"));
    }

    @Test
    void withoutARunningCellNothingIsReplaced() throws Exception {
        Map<String, Future<Object>> running = new ConcurrentHashMap<>();
        Future<Object> done = CompletableFuture.completedFuture(1);
        running.put("old", done);
        try (AutoCloseable ignored = KernelCompat.stopFirst(running, Cancellation.current())) {
            assertSame(done, running.get("old"));
        }
    }
}
