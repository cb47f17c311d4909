package trainbook.engine;

import trainbook.engine.data.IdxCache;
import trainbook.engine.loop.LiveRuns;

/**
 * What the engine keeps for one notebook between its runs: the stop requests of its cells ({@link Cancellation}),
 * the IDX data sets it has decoded ({@link IdxCache}) and its runs whose models are in memory ({@link LiveRuns}). A kernel makes one for itself (through the magics'
 * {@code NotebookSession}), so two kernels in one JVM, as in tests, neither stop nor share each other's work.
 *
 * <p>Engine code finds the workspace through the thread it runs on ({@link #current()}): the kernel binds its
 * workspace to the thread that runs its cells, and the magics bind theirs around each call in a stock kernel. A
 * thread bound to none (a plain Java program, a test, a Spark executor) works in the {@linkplain #process()
 * process's workspace}.
 */
public final class Workspace {
    private static final Workspace PROCESS = new Workspace();
    private static final ThreadLocal<Workspace> BOUND = new ThreadLocal<>();

    private final Cancellation cancellation = new Cancellation();
    private final IdxCache idx = new IdxCache();
    private final LiveRuns liveRuns = new LiveRuns();

    /** A new, empty workspace (a kernel's). */
    public Workspace() {}

    /** The stop requests of this workspace's cells. */
    public Cancellation cancellation() { return cancellation; }

    /** The IDX data sets decoded in this workspace. */
    public IdxCache idx() { return idx; }

    /** The runs trained in this workspace whose models are still in memory ({@code %runs}). */
    public LiveRuns liveRuns() { return liveRuns; }

    /**
     * The workspace the calling thread works for: the one bound to it, else the process's. Static for the reason
     * {@link Cancellation#current()} gives: engine code runs on the thread of the notebook it works for.
     */
    public static Workspace current() {
        Workspace w = BOUND.get();
        return w != null ? w : PROCESS;
    }

    /** The workspace of threads bound to none: plain Java programs and tests use it. */
    public static Workspace process() { return PROCESS; }

    /**
     * Makes this the calling thread's workspace until the returned handle is closed, which puts back the one
     * bound before (bindings nest).
     */
    public Binding bind() {
        Workspace before = BOUND.get();
        BOUND.set(this);
        return new Binding(before);
    }

    /** A {@link #bind()} of one thread; closing it twice is harmless. */
    public static final class Binding implements AutoCloseable {
        private final Workspace before;
        private final Thread thread = Thread.currentThread();
        private boolean open = true;

        private Binding(Workspace before) { this.before = before; }

        @Override
        public void close() {
            if (!open || Thread.currentThread() != thread) return;
            open = false;
            if (before == null) BOUND.remove();
            else BOUND.set(before);
        }
    }
}
