package trainbook.kernel;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ParentWatchdogTest {
    @Test
    void firesOnceTheWatchedProcessDies() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        CountDownLatch fired = new CountDownLatch(1);
        ParentWatchdog.start(child.toHandle(), 50, fired::countDown);
        assertFalse(fired.await(200, TimeUnit.MILLISECONDS), "parent still alive");
        child.destroyForcibly().waitFor();
        assertTrue(fired.await(20, TimeUnit.SECONDS), "watchdog noticed the death");
    }

    @Test
    void picksJpyParentPidThenFallsBackToTheParent() {
        long self = ProcessHandle.current().pid();
        assertEquals(Optional.of(self), ParentWatchdog.parentToWatch(Long.toString(self)).map(ProcessHandle::pid));
        Optional<Long> parent = ProcessHandle.current().parent().map(ProcessHandle::pid);
        assertEquals(parent, ParentWatchdog.parentToWatch(null).map(ProcessHandle::pid));
        assertEquals(parent, ParentWatchdog.parentToWatch("not-a-pid").map(ProcessHandle::pid));
        assertEquals(parent, ParentWatchdog.parentToWatch(Long.toString(Long.MAX_VALUE)).map(ProcessHandle::pid));
    }

    @Test
    void aParentThatDiedButWasNotReapedCountsAsGone() {
        ProcessHandle alive = ProcessHandle.current(); // isAlive() is true, as it is for a zombie
        long start = 4242;
        ProcessHandle asParent = new FixedPid(alive, start);
        assertFalse(ParentWatchdog.gone(asParent, start, () -> start, pid -> false), "same parent, not a zombie");
        assertTrue(ParentWatchdog.gone(asParent, start, () -> 1, pid -> false), "re-parented: the parent exited");
        assertTrue(ParentWatchdog.gone(alive, start, () -> start, pid -> pid == alive.pid()), "a zombie JPY_PARENT_PID");
        assertFalse(ParentWatchdog.gone(alive, start, () -> 1, pid -> false),
                "a watched process that was not the parent is judged by its own state only");
    }

    @Test
    void readsZombieStateFromProc() throws Exception {
        assertFalse(ParentWatchdog.isZombie(ProcessHandle.current().pid()));
        assertFalse(ParentWatchdog.isZombie(Long.MAX_VALUE), "no such process");
        // a real zombie: a shell whose child exits and is never waited for (exec replaces the shell with sleep)
        Process sh = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
        try {
            ProcessHandle child = null;
            for (int i = 0; i < 100 && child == null; i++) {
                child = sh.toHandle().children().findFirst().orElse(null);
                if (child == null) Thread.sleep(20);
            }
            assertNotNull(child, "the shell's child");
            long pid = child.pid();
            boolean zombie = false;
            for (int i = 0; i < 250 && !zombie; i++) {
                zombie = ParentWatchdog.isZombie(pid);
                if (!zombie) Thread.sleep(20);
            }
            assertTrue(zombie, "the unreaped child shows as a zombie");
            assertTrue(child.isAlive(), "while ProcessHandle still calls it alive (why the watchdog checks)");
        } finally {
            sh.destroyForcibly().waitFor();
        }
    }

    /** A handle that reports a chosen pid (to stand for the parent the watchdog recorded at start). */
    private static final class FixedPid implements ProcessHandle {
        private final ProcessHandle real;
        private final long pid;

        FixedPid(ProcessHandle real, long pid) {
            this.real = real;
            this.pid = pid;
        }

        @Override public long pid() { return pid; }
        @Override public Optional<ProcessHandle> parent() { return real.parent(); }
        @Override public java.util.stream.Stream<ProcessHandle> children() { return real.children(); }
        @Override public java.util.stream.Stream<ProcessHandle> descendants() { return real.descendants(); }
        @Override public Info info() { return real.info(); }
        @Override public java.util.concurrent.CompletableFuture<ProcessHandle> onExit() { return real.onExit(); }
        @Override public boolean supportsNormalTermination() { return real.supportsNormalTermination(); }
        @Override public boolean destroy() { return false; }
        @Override public boolean destroyForcibly() { return false; }
        @Override public boolean isAlive() { return real.isAlive(); }
        @Override public int compareTo(ProcessHandle other) { return Long.compare(pid, other.pid()); }
    }
}
