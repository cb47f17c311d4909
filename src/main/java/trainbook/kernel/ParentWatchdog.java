package trainbook.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Ends the kernel when the process that launched it dies, so a crashed or killed Jupyter client leaves no kernel
 * behind. The parent is {@code JPY_PARENT_PID} (set by jupyter_client) or else this process's parent; a parent that
 * has died but was not yet reaped (a zombie) counts as dead ({@link #gone}).
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
        long startPpid = currentPpid();
        Thread t = new Thread(() -> {
            try {
                while (!gone(parent, startPpid, ParentWatchdog::currentPpid, ParentWatchdog::isZombie)) {
                    Thread.sleep(periodMillis);
                }
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

    /**
     * Whether the watched process has died. A process that has exited but was not yet reaped by its own parent is a
     * zombie, and {@link ProcessHandle#isAlive()} still says true; but its children are re-parented the moment it
     * exits. So, as ipykernel does, when the watched process was this process's parent at start, a change of this
     * process's parent pid means it died; any watched process in zombie state counts as dead too.
     *
     * @param startPpid this process's parent pid when watching started
     * @param ppidNow   this process's parent pid now
     * @param zombie    whether a pid is a zombie (exited, not reaped)
     */
    static boolean gone(ProcessHandle parent, long startPpid, java.util.function.LongSupplier ppidNow,
                        java.util.function.LongPredicate zombie) {
        if (!parent.isAlive()) return true;
        if (parent.pid() == startPpid && ppidNow.getAsLong() != startPpid) return true;
        return zombie.test(parent.pid());
    }

    private static long currentPpid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }

    /** True when /proc says {@code pid} is a zombie (Linux); false where there is no /proc. */
    static boolean isZombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
