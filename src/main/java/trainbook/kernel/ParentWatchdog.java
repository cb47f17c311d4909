package trainbook.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Ends the kernel when the process that launched it dies, so a crashed or killed Jupyter client leaves no kernel
 * behind. The parent is {@code JPY_PARENT_PID} (set by jupyter_client) or else this process's parent.
 */
public final class ParentWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(ParentWatchdog.class);

    private ParentWatchdog() {}

    /** The process to watch: {@code JPY_PARENT_PID} when set and parseable, else this process's parent. */
    public static Optional<ProcessHandle> parentToWatch(String jpyParentPid) {
        if (jpyParentPid != null && !jpyParentPid.isBlank()) {
            try {
                long pid = Long.parseLong(jpyParentPid.trim());
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                if (handle.isPresent()) return handle;
                // another PID namespace, or already gone: the launching process is the best remaining guess
                LOG.warn("JPY_PARENT_PID {} is not a visible process; watching the parent process instead", pid);
            } catch (NumberFormatException e) {
                LOG.warn("JPY_PARENT_PID '{}' is not a process id; watching the parent process instead", jpyParentPid);
            }
        }
        return ProcessHandle.current().parent();
    }

    /**
     * Starts a daemon thread that checks every {@code periodMillis} whether {@code parent} is alive and runs
     * {@code onParentDeath} once when it is not.
     */
    public static Thread start(ProcessHandle parent, long periodMillis, Runnable onParentDeath) {
        Thread t = new Thread(() -> {
            try {
                while (parent.isAlive()) Thread.sleep(periodMillis);
                LOG.warn("parent process {} ended; shutting the kernel down", parent.pid());
                onParentDeath.run();
            } catch (InterruptedException ignored) {
                // stopped on purpose
            }
        }, "trainbook-parent-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
