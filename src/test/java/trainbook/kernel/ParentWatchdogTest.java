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
}
