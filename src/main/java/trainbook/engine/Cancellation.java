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
 */
public final class Cancellation {
    private volatile boolean requested;
    private volatile boolean acknowledged;
    private final java.util.concurrent.atomic.AtomicInteger cooperative = new java.util.concurrent.atomic.AtomicInteger();

    /** A cancellation of its own (a {@link Workspace} makes one). */
    Cancellation() {}

    /**
     * The cancellation of the workspace the calling thread works for ({@link Workspace#current()}). Static because
     * the engine's loops (training, range test, sweeps, interpretation) run on the caller's thread and check it
     * between batches: the thread already says which notebook they work for, so no loop needs it passed in.
     */
    public static Cancellation current() {
        return Workspace.current().cancellation();
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
