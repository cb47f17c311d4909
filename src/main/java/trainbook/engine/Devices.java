package trainbook.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;

/**
 * Device and thread selection for the engine: {@code auto} (a GPU when the engine sees one, else the CPU),
 * {@code cpu}, {@code gpu} (GPU 0) or {@code gpu:N}; the PyTorch intra-op thread count.
 *
 * <p>Trainbook runs offline: this class sets {@code ai.djl.offline=true} before the engine loads so that nothing
 * is downloaded at run time, and applies the {@link NativeMemory} malloc settings.
 */
public final class Devices {
    static {
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        NativeMemory.tune(); // before libtorch allocates anything
    }

    private Devices() {}

    private static final java.util.concurrent.atomic.AtomicReference<Thread> PRELOAD = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Loads the engine (libtorch's native libraries, 1–2 s on a quiet 2-core machine) on a low-priority daemon
     * thread, once per JVM, so the first {@code %train} does not wait for it: the kernel calls this once it has
     * answered that it is ready. A cell that needs the engine before the load finishes waits for it as before.
     * A failure is left for that cell to report (the engine then loads again in the cell and says why).
     *
     * @param delayMillis wait this long first, so that cells run at once after start (a "run all") do not share
     *                    the CPU with the load; a cell that needs the engine sooner loads it itself
     * @return the loading thread (the same one on every call)
     */
    public static Thread preloadInBackground(long delayMillis) {
        return preloadInBackground(delayMillis, null);
    }

    /**
     * {@link #preloadInBackground(long)}, then {@code after} on the same thread (the kernel warms the first
     * {@code %train}'s drawing there); a failure of {@code after} is logged and left.
     */
    public static Thread preloadInBackground(long delayMillis, Runnable after) {
        java.util.concurrent.Future<?> open = java.util.concurrent.CompletableFuture.completedFuture(null);
        return preloadInBackground(open, delayMillis, open, 0, after);
    }

    /**
     * The thread doing preload work a run must wait for right now: the engine load, or a warm-up that must not
     * overlap a run ({@link #unlessRunStarted}); null when there is none (in a delay, waiting for a gate, done).
     */
    private static Thread preloadBusy;
    private static final Object PRELOAD_STATE = new Object();

    private static void engineLoading(boolean on) {
        synchronized (PRELOAD_STATE) {
            preloadBusy = on ? Thread.currentThread() : null;
            PRELOAD_STATE.notifyAll();
        }
    }

    /**
     * Runs {@code work} unless a run has started in this JVM, and makes a run that starts meanwhile wait for it
     * ({@link #awaitPreload}). For warm-up work that trains: it seeds and draws from the engine's one global random
     * generator, so overlapping a user's run would change that run's initial weights (two runs with the same seed
     * would then differ). Returns whether it ran.
     */
    public static boolean unlessRunStarted(Runnable work) {
        synchronized (PRELOAD_STATE) {
            if (runStarted) return false;
            preloadBusy = Thread.currentThread();
        }
        try {
            work.run();
        } finally {
            synchronized (PRELOAD_STATE) {
                preloadBusy = null;
                PRELOAD_STATE.notifyAll();
            }
        }
        return true;
    }

    /**
     * The preload in two stages on one low-priority daemon thread, once per JVM: once {@code engineGate} completes
     * and {@code engineDelayMillis} have passed, the engine load; then, once {@code warmGate} completes (the kernel
     * completes it when it has said it is ready) and {@code warmDelayMillis} more have passed, {@code after} (the
     * kernel's warm-ups of the first {@code %train}, which may stop early once {@link #runStarted()}). Failures are logged at debug level and left for the cell that needs the engine to report. While the engine
     * loads, {@link #awaitPreload(long)} waits for it.
     *
     * @return the preload thread (the same one on every call)
     */
    public static Thread preloadInBackground(java.util.concurrent.Future<?> engineGate, long engineDelayMillis,
                                             java.util.concurrent.Future<?> warmGate, long warmDelayMillis,
                                             Runnable after) {
        Thread t = PRELOAD.get();
        if (t != null) return t;
        t = new Thread(() -> {
            try {
                engineGate.get();
                Thread.sleep(Math.max(0, engineDelayMillis));
                engineLoading(true);
                try (ai.djl.ndarray.NDManager m = engine().newBaseManager()) {
                    m.create(1f).add(1f).close(); // first op: libtorch's dispatcher and allocator set up
                } catch (RuntimeException | LinkageError e) {
                    org.slf4j.LoggerFactory.getLogger(Devices.class).debug("engine preload failed: {}", e.toString());
                }
                engineLoading(false);
                if (after == null) return;
                warmGate.get();
                Thread.sleep(Math.max(0, warmDelayMillis));
                try {
                    after.run();
                } catch (RuntimeException | LinkageError e) {
                    org.slf4j.LoggerFactory.getLogger(Devices.class).debug("preload step failed: {}", e.toString());
                }
            } catch (InterruptedException | java.util.concurrent.ExecutionException
                     | java.util.concurrent.CancellationException e) {
                // the kernel is going away, or never became ready: nothing left to warm
            } finally {
                engineLoading(false);
            }
        }, "trainbook-engine-preload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        if (!PRELOAD.compareAndSet(null, t)) return PRELOAD.get();
        t.start();
        return t;
    }

    /** The preload thread of this JVM (it may have finished), or null when no preload was started. */
    public static Thread preloadThread() { return PRELOAD.get(); }

    /** Set once a run has started in this JVM: the preload's warm-up then stops at its next step. */
    private static volatile boolean runStarted;

    /**
     * Whether a real run has started ({@link #awaitPreload(long)} was called off the preload thread): the kernel's
     * warm-up of the first run can check it between its steps and stop, since that run now warms the same code
     * itself.
     */
    public static boolean runStarted() { return runStarted; }

    /** For tests: forgets that a run has started (the flag is once per JVM). */
    static void forgetRunStarted() {
        synchronized (PRELOAD_STATE) {
            runStarted = false;
        }
    }

    /**
     * Waits while the preload thread is loading the engine (at most {@code maxMillis}), so that a run arriving
     * meanwhile does not load it a second time beside it, and tells the preload's warm-up to stop
     * ({@link #runStarted()}). Returns at once when no engine load is under way (none started, still in its delay,
     * done) or on the preload thread itself. A stop asked of the notebook ({@link Cancellation}) or an interrupt
     * ends the wait early (the interrupt flag stays set for the caller to act on).
     *
     * @return milliseconds waited
     */
    public static long awaitPreload(long maxMillis) {
        Thread t = PRELOAD.get();
        long t0 = System.nanoTime();
        long end = t0 + maxMillis * 1_000_000L;
        Cancellation stop = Cancellation.current();
        synchronized (PRELOAD_STATE) {
            Thread me = Thread.currentThread();
            if (t == null || t == me || preloadBusy == me) return 0; // no preload, or its own work (its warm-up run)
            runStarted = true; // under the lock: a warm-up either started before this (and is waited for) or never runs
            while (preloadBusy != null && preloadBusy.isAlive() && !stop.isRequested()) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) break;
                try {
                    PRELOAD_STATE.wait(Math.min(left, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return (System.nanoTime() - t0) / 1_000_000L;
    }

    /** The DJL engine (PyTorch), loading it on first use. */
    public static Engine engine() {
        return Engine.getInstance();
    }

    /**
     * Resolves a device name.
     *
     * @param name {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}; null means {@code auto}
     * @throws IllegalArgumentException for an unknown name or a GPU the engine does not see
     */
    public static Device resolve(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(Locale.ROOT);
        Engine engine = engine();
        int gpus = engine.getGpuCount();
        switch (n) {
            case "auto":
                return gpus > 0 ? Device.gpu(0) : Device.cpu();
            case "cpu":
                return Device.cpu();
            default:
                break;
        }
        int id;
        if (n.equals("gpu")) {
            id = 0;
        } else if (n.startsWith("gpu:")) {
            try {
                id = Integer.parseInt(n.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device '" + name + "': expected auto, cpu, gpu or gpu:N");
            }
        } else {
            throw new IllegalArgumentException("device '" + name + "': expected auto, cpu, gpu or gpu:N");
        }
        if (id < 0 || id >= gpus) {
            throw new IllegalArgumentException("device '" + name + "': the " + engine.getEngineName()
                    + " engine sees " + gpus + " GPU(s); use device=cpu or device=auto"
                    + (gpus > 0 ? " or gpu:0..gpu:" + (gpus - 1) : ""));
        }
        return Device.gpu(id);
    }

    /** Sets the engine's intra-op thread count (null leaves it unchanged). */
    public static void setThreads(Integer threads) {
        if (threads == null) return;
        if (threads < 1) {
            throw new IllegalArgumentException("threads '" + threads + "': expected a positive integer");
        }
        engine();
        JniUtils.setNumThreads(threads);
    }

    /** The engine's current intra-op thread count. */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /** The PyTorch native library version, e.g. {@code 2.7.1}. */
    public static String pytorchVersion() {
        return engine().getVersion();
    }

    /** The DJL version, e.g. {@code 0.35.1}. */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /**
     * How many NDArrays are alive in the engine right now (every manager under the engine's system manager,
     * recursively): a cheap leak check, e.g. equal before and after a run once its result is closed.
     */
    public static int liveNDArrays() {
        try (ai.djl.ndarray.NDManager probe = ai.djl.ndarray.NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }
}
