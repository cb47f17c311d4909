package trainbook.engine;

/**
 * Cooperative cancellation for long-running engine work (training, range tests, sweeps).
 *
 * <p>The kernel calls {@link #requestStop()} when the user interrupts a cell (and also interrupts the cell's
 * thread). Engine loops call {@link #stopRequested()} between batches; it also reports, and clears, the calling
 * thread's interrupt flag, so that file writes after a stop (saving the run) do not fail with
 * {@code ClosedByInterruptException}. The kernel calls {@link #reset()} when a cell starts; each engine run calls
 * {@link #beginWork()}, which forgets only a request that an earlier loop already acted on, so a stop that arrives
 * between two trials of a sweep (or while a run loads its data) still stops the next one.
 *
 * <p>Each {@link Workspace} (one per kernel) has its own: a stop asked of one notebook never stops another's run in
 * the same JVM. The engine's loops find theirs with {@link #current()}; the kernel keeps a reference to its own,
 * because it asks for the stop from another thread than the one the cell runs on.
 *
 * <p>Work on a thread that someone else interrupts for reasons of their own (a Spark task thread, which Spark
 * interrupts when it kills the task, possibly long after the user's next cell has started) runs inside a
 * {@link #task()}: there the thread's interrupt stops only that work. Such a system ends the work through the
 * interrupt, so a task does not also obey the workspace's requests (which may be stale ones of earlier cells).
 */
public final class Cancellation {
    private volatile boolean requested;
    private volatile boolean acknowledged;
    private final java.util.concurrent.atomic.AtomicInteger cooperative = new java.util.concurrent.atomic.AtomicInteger();
    /** For a {@link #task()}: the workspace's cancellation it stands in for on its thread; null for a workspace's. */
    private final Cancellation replaces;

    /** The {@link #task()} cancellation of the calling thread, if any. */
    private static final ThreadLocal<Cancellation> TASK = new ThreadLocal<>();

    /** A cancellation of its own (a {@link Workspace} makes one). */
    Cancellation() { this(null); }

    private Cancellation(Cancellation replaces) { this.replaces = replaces; }

    /**
     * The cancellation of the workspace the calling thread works for ({@link Workspace#current()}). Static because
     * the engine's loops (training, range test, sweeps, interpretation) run on the caller's thread and check it
     * between batches: the thread already says which notebook they work for, so no loop needs it passed in.
     */
    public static Cancellation current() {
        Cancellation workspace = Workspace.current().cancellation();
        Cancellation task = TASK.get();
        // a workspace bound inside the task (nested) is obeyed as it is everywhere else
        return task != null && task.replaces == workspace ? task : workspace;
    }

    /**
     * Gives the calling thread, until the returned handle is closed, a cancellation of its own in place of its
     * workspace's: the thread's interrupt then stops only the work in this task, never the workspace's later runs.
     * For threads that another system interrupts to end one piece of work, such as Spark's executor threads (in
     * local mode they act for the process's workspace, which may be the kernel's).
     */
    public static Task task() {
        Cancellation before = TASK.get();
        TASK.set(new Cancellation(Workspace.current().cancellation()));
        return new Task(before);
    }

    /** A {@link #task()} of one thread; closing it twice is harmless. */
    public static final class Task implements AutoCloseable {
        private final Cancellation before;
        private final Thread thread = Thread.currentThread();
        private boolean open = true;

        private Task(Cancellation before) { this.before = before; }

        @Override
        public void close() {
            if (!open || Thread.currentThread() != thread) return;
            open = false;
            if (before == null) TASK.remove();
            else TASK.set(before);
        }
    }

    /** Asks every running engine loop to stop at its next check. */
    public void requestStop() {
        acknowledged = false;
        requested = true;
    }

    /** Clears a previous request; called when new work starts. */
    public void reset() {
        requested = false;
        acknowledged = false;
        Thread.interrupted();
    }

    /**
     * Called when an engine run starts. A request some loop has already acted on is stale and is cleared; a request
     * no loop has seen yet (or an interrupt of this thread) is kept, and the run stops at its first check.
     */
    public void beginWork() {
        if (Thread.interrupted()) requested = true;
        if (requested && acknowledged) {
            requested = false;
            acknowledged = false;
        }
    }

    /**
     * Marks code that polls {@link #stopRequested()} (engine runs, the magics that drive them) until the returned
     * handle is closed. While such code runs, the kernel asks it to stop through this class and does not interrupt
     * the thread at once: an interrupt that lands inside a display update or a file write would fail the run
     * instead of stopping it. If the request is not taken up within the kernel's grace period, the thread is
     * interrupted and stopped as for any other cell.
     */
    public Scope cooperative() {
        cooperative.incrementAndGet();
        return new Scope(cooperative);
    }

    /** Whether a stop was requested, without acknowledging it or reading the thread's interrupt flag. */
    public boolean isRequested() {
        return requested;
    }

    /** Whether code that polls {@link #stopRequested()} is running ({@link #cooperative()}). */
    public boolean isCooperative() {
        return cooperative.get() > 0;
    }

    /** A {@link #cooperative()} region; closing it twice is harmless. */
    public static final class Scope implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicInteger count;
        private boolean open = true;

        private Scope(java.util.concurrent.atomic.AtomicInteger count) { this.count = count; }

        @Override
        public void close() {
            if (open) {
                open = false;
                count.decrementAndGet();
            }
        }
    }

    /**
     * True once an engine loop has seen the current stop request: it is stopping (saving the run, showing its
     * report), so the kernel need not force the thread to stop.
     */
    public boolean acknowledged() { return requested && acknowledged; }

    /** True when a stop was requested or the current thread was interrupted (the thread flag is cleared). */
    public boolean stopRequested() {
        boolean interrupted = Thread.interrupted();
        if (interrupted) requested = true;
        if (requested) acknowledged = true;
        return requested;
    }
}
