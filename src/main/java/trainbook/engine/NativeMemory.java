package trainbook.engine;

import com.sun.jna.Function;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc malloc settings for libtorch's per-step tensors, applied once per process before the first run.
 *
 * <p>libtorch frees and reallocates every activation and gradient on every step. A JVM thread allocates from a
 * glibc <em>thread arena</em>: heaps of at most 64 MB that glibc unmaps as soon as they fall empty, so each step
 * of a CNN got fresh pages from the kernel (measured here: about 11,000 page faults per Fashion-MNIST CNN batch,
 * a third of the process's CPU time in the kernel). Python's main thread allocates from the main arena, which
 * keeps its memory, so PyTorch does not pay this. Three settings make a thread arena keep its memory too:
 * <ul>
 *   <li>{@code M_MMAP_THRESHOLD} 32 MB: blocks up to that size come from the arena instead of their own mmap;</li>
 *   <li>{@code M_TRIM_THRESHOLD} 1 GB: free memory at the top of a heap is not handed back below that;</li>
 *   <li>{@code M_TOP_PAD} 64 MB: an empty heap is kept instead of unmapped.</li>
 * </ul>
 * Effect measured with {@code ./trainbook bench --configs cnn:2}: see the README. Setting the environment
 * variable {@code TRAINBOOK_MALLOC=default} leaves glibc's defaults alone (for comparisons). Other C libraries
 * and other systems are left alone.
 */
public final class NativeMemory {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    /** mallopt parameter numbers from glibc's malloc.h. */
    static final int M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3;
    static final int MMAP_THRESHOLD = 32 << 20, TRIM_THRESHOLD = 1 << 30, TOP_PAD = 64 << 20;

    private static volatile Boolean tuned;

    private NativeMemory() {}

    /**
     * Applies the settings once (later calls return the first answer).
     *
     * @return true when glibc accepted all three settings; false when skipped or refused
     */
    public static synchronized boolean tune() {
        if (tuned != null) return tuned;
        tuned = apply();
        return tuned;
    }

    /** Whether {@link #tune()} ran and glibc accepted the settings. */
    public static boolean isTuned() {
        return Boolean.TRUE.equals(tuned);
    }

    private static boolean apply() {
        if ("default".equalsIgnoreCase(System.getenv("TRAINBOOK_MALLOC"))) return false;
        if (!Platform.isLinux()) return false;
        try {
            Function mallopt = Function.getFunction("c", "mallopt");
            // mallopt returns 1 on success; the order matters: setting the mmap threshold turns off glibc's
            // dynamic threshold, which would otherwise undo it
            boolean ok = mallopt.invokeInt(new Object[]{M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1;
            ok &= mallopt.invokeInt(new Object[]{M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
            ok &= mallopt.invokeInt(new Object[]{M_TOP_PAD, TOP_PAD}) == 1;
            if (!ok) LOG.warn("glibc refused a malloc setting; training runs with its defaults");
            return ok;
        } catch (Throwable t) { // not glibc (musl), no JNA native: keep the defaults
            LOG.debug("malloc settings skipped: {}", t.toString());
            return false;
        }
    }
}
