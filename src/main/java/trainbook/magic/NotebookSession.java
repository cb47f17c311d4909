package trainbook.magic;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import trainbook.engine.Workspace;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything Trainbook keeps for one notebook (one kernel): the engine's {@link Workspace} (stop requests, decoded
 * data), what the magics remember between cells ({@link MagicState}) and the objects on their way to notebook
 * variables ({@link Bindings}). Two kernels in one JVM have two sessions and share none of it.
 *
 * <p>A kernel gets its session with {@link #of(BaseKernel)}: Trainbook's kernel when it starts, the magics'
 * extension when a stock JJava kernel installs it; both calls for one kernel give the same session. Magics run
 * without a kernel (tests, contexts made in code) make their own with {@link #NotebookSession()}.
 *
 * <p>The first kernel of a JVM (in use, the only one) works in the {@linkplain Workspace#process() process's
 * workspace}: threads that no kernel binds, such as a stock JJava kernel's cell threads or Spark's executor threads
 * in local mode, then still work for it (a stop reaches their runs, {@code %runs} lists them). Every further kernel
 * in the JVM (tests) gets a workspace of its own.
 */
public final class NotebookSession {
    /**
     * kernel → its session. Static because JJava creates extensions by {@link java.util.ServiceLoader} with no
     * arguments: the kernel object is the only thing the kernel and the extension both hold. Weak, so a kernel
     * that is gone takes its session with it.
     */
    private static final Map<BaseKernel, NotebookSession> BY_KERNEL = new WeakHashMap<>();
    /** id → session, for {@link Bindings#take(String)}: a JShell snippet reaches Java only through static code. */
    private static final Map<String, WeakReference<NotebookSession>> BY_ID = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    /** whether a kernel took the process's workspace already */
    private static boolean processWorkspaceTaken;

    private final String id = "s" + IDS.incrementAndGet();
    private final Workspace workspace;
    private final MagicState state = new MagicState();
    private final Bindings bindings = new Bindings(id);

    /** A session of its own, with a new workspace (magics run without a kernel). */
    public NotebookSession() {
        this(new Workspace());
    }

    private NotebookSession(Workspace workspace) {
        this.workspace = workspace;
        BY_ID.values().removeIf(r -> r.get() == null);
        BY_ID.put(id, new WeakReference<>(this));
    }

    /** The session of {@code kernel}, made on the first call. */
    public static NotebookSession of(BaseKernel kernel) {
        synchronized (BY_KERNEL) {
            return BY_KERNEL.computeIfAbsent(kernel, k -> {
                Workspace w = processWorkspaceTaken ? new Workspace() : Workspace.process();
                processWorkspaceTaken = true;
                return new NotebookSession(w);
            });
        }
    }

    /** The session with this {@link #id()}, or null when it is gone. */
    static NotebookSession byId(String id) {
        WeakReference<NotebookSession> r = BY_ID.get(id);
        return r == null ? null : r.get();
    }

    /** A name unique in this JVM (part of the keys of {@link Bindings}). */
    public String id() { return id; }

    /** The engine's state for this notebook: its stop requests and decoded data. */
    public Workspace workspace() { return workspace; }

    /** What the magics remember between cells: the last range test and the last run. */
    public MagicState state() { return state; }

    /** Objects on their way from a magic to a notebook variable. */
    public Bindings bindings() { return bindings; }
}
