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
        Thread t = PRELOAD.get();
        if (t != null) return t;
        t = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, delayMillis));
            } catch (InterruptedException e) {
                return;
            }
            try (ai.djl.ndarray.NDManager m = engine().newBaseManager()) {
                m.create(1f).add(1f).close(); // first op: libtorch's dispatcher and allocator set up
            } catch (RuntimeException | LinkageError e) {
                org.slf4j.LoggerFactory.getLogger(Devices.class).debug("engine preload failed: {}", e.toString());
            }
            if (after == null) return;
            try {
                after.run();
            } catch (RuntimeException | LinkageError e) {
                org.slf4j.LoggerFactory.getLogger(Devices.class).debug("preload step failed: {}", e.toString());
            }
        }, "trainbook-engine-preload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        if (PRELOAD.compareAndSet(null, t)) t.start();
        return PRELOAD.get();
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
