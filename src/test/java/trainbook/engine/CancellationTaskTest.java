package trainbook.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A task's cancellation ({@link Cancellation#task()}): the interrupt of a thread that another system ends work on
 * (Spark's task threads in local mode) stops only that task, never the workspace's next run.
 */
class CancellationTaskTest {
    private static final long WAIT_S = 30;

    @Test
    void aStragglingTasksInterruptStopsTheTaskButNotTheWorkspacesNextRun() throws Exception {
        Workspace ws = new Workspace();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch nextRunStarted = new CountDownLatch(1);
        AtomicBoolean taskStopped = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // a task thread acting for the workspace (as a local-mode Spark executor thread does for the process's)
        Thread task = new Thread(() -> {
            try (Workspace.Binding b = ws.bind(); Cancellation.Task own = Cancellation.task()) {
                Cancellation c = Cancellation.current();
                assertNotSame(ws.cancellation(), c);
                c.beginWork();
                started.countDown();
                boolean interrupted = false;
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted = true; // killed, but its batch goes on for a while
                }
                assertTrue(interrupted);
                assertTrue(nextRunStarted.await(WAIT_S, TimeUnit.SECONDS));
                Thread.currentThread().interrupt(); // the kill's interrupt, still pending at the task's next check
                taskStopped.set(Cancellation.current().stopRequested());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        task.start();
        assertTrue(started.await(WAIT_S, TimeUnit.SECONDS));
        task.interrupt(); // the study was interrupted and its tasks killed

        // the user's next cell starts a new run in the same workspace while the task still runs
        Cancellation next = ws.cancellation();
        next.reset();
        next.beginWork();
        nextRunStarted.countDown();
        task.join(WAIT_S * 1000);
        assertNull(failure.get());
        assertTrue(taskStopped.get(), "the killed task stops at its next check");
        assertFalse(next.stopRequested(), "the workspace's next run goes on");
        assertFalse(next.isRequested());
    }

    @Test
    void aStopAskedOfATaskStaysInItAndClosingPutsTheWorkspacesBack() {
        Workspace ws = new Workspace();
        try (Workspace.Binding b = ws.bind()) {
            Cancellation.Task own = Cancellation.task();
            Cancellation task = Cancellation.current();
            assertNotSame(ws.cancellation(), task);
            task.requestStop();
            assertTrue(task.stopRequested());
            assertFalse(ws.cancellation().isRequested());
            // a workspace bound inside the task is obeyed there, as everywhere else
            Workspace inner = new Workspace();
            try (Workspace.Binding i = inner.bind()) {
                assertSame(inner.cancellation(), Cancellation.current());
            }
            assertSame(task, Cancellation.current());
            own.close();
            own.close(); // harmless
            assertSame(ws.cancellation(), Cancellation.current());
        }
    }

    @Test
    void tasksNestAndEachClosePutsBackTheOneBefore() {
        try (Cancellation.Task outer = Cancellation.task()) {
            Cancellation o = Cancellation.current();
            assertNotSame(Workspace.process().cancellation(), o);
            try (Cancellation.Task inner = Cancellation.task()) {
                Cancellation i = Cancellation.current();
                assertNotSame(o, i);
                assertNotSame(Workspace.process().cancellation(), i);
            }
            assertSame(o, Cancellation.current());
        }
        assertSame(Workspace.process().cancellation(), Cancellation.current());
    }

    @Test
    void theWorkspacesOwnInterruptStillReachesItsLoopsOutsideATask() {
        // unchanged: a cell thread's interrupt is a stop of its workspace (its parallel trial threads see it too)
        Workspace ws = new Workspace();
        try (Workspace.Binding b = ws.bind()) {
            Thread.currentThread().interrupt();
            assertTrue(Cancellation.current().stopRequested());
            assertTrue(ws.cancellation().isRequested());
            ws.cancellation().reset();
        }
    }
}
