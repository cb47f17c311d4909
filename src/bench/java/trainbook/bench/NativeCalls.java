package trainbook.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of JNI crossings into DJL's PyTorch binding ({@code ai.djl.pytorch.jni.PyTorchLibrary}), measured by the
 * JVMTI agent {@code bench/jnicount.c} (each native method is bound through a counting trampoline). Without the
 * agent ({@code -agentpath:build/bench/libjnicount.so}) nothing is counted and {@link #available()} is false;
 * {@code ./trainbook bench} builds the agent and starts the Java contestants with it.
 */
public final class NativeCalls {
    private static final boolean AVAILABLE = probe();

    private NativeCalls() {}

    private static boolean probe() {
        try {
            total0();
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** Whether the counting agent is loaded. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Native calls so far, all threads and methods; -1 without the agent. */
    public static long total() {
        return AVAILABLE ? total0() : -1;
    }

    /** Calls so far per native method name (only methods bound so far); empty without the agent. */
    public static Map<String, Long> byMethod() {
        Map<String, Long> m = new TreeMap<>();
        if (!AVAILABLE) return m;
        int n = methods0();
        for (int i = 0; i < n; i++) m.merge(name0(i), calls0(i), Long::sum);
        return m;
    }

    /**
     * Per-method counts by binding index into {@code into} (grown when more methods were bound), without
     * allocating when it is large enough: cheap enough to take at every step. Returns the array written.
     */
    public static long[] snapshot(long[] into) {
        if (!AVAILABLE) return into;
        int n = methods0();
        long[] a = into != null && into.length >= n ? into : new long[n + 64];
        for (int i = 0; i < n; i++) a[i] = calls0(i);
        return a;
    }

    /** Per-method difference of two {@link #snapshot}s by name, methods with no calls left out. */
    public static Map<String, Long> diff(long[] before, long[] after) {
        Map<String, Long> d = new TreeMap<>();
        if (!AVAILABLE || after == null) return d;
        int n = Math.min(methods0(), after.length);
        for (int i = 0; i < n; i++) {
            long x = after[i] - (before != null && i < before.length ? before[i] : 0);
            if (x != 0) d.merge(name0(i), x, Long::sum);
        }
        return d;
    }

    /** Per-method difference {@code after − before}, methods with no calls left out. */
    public static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long x = v - before.getOrDefault(k, 0L);
            if (x != 0) d.put(k, x);
        });
        return d;
    }

    /**
     * Self-check, run under the agent: {@code n} in-place additions must show as exactly {@code n} calls of
     * {@code torchAddi}. Prints one JSON line: {"available": ..., "addi_calls": ..., "total_calls": ...}.
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long addi = -1, total = -1;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            ai.djl.ndarray.NDArray a = m.zeros(new ai.djl.ndarray.types.Shape(4)), b = m.ones(new ai.djl.ndarray.types.Shape(4));
            a.addi(b); // binds torchAddi before counting
            Map<String, Long> before = byMethod();
            long t0 = total();
            for (int i = 0; i < n; i++) a.addi(b);
            total = available() ? total() - t0 : -1;
            addi = diff(before, byMethod()).getOrDefault("torchAddi", available() ? 0L : -1L);
        }
        System.out.println("{\"available\": " + available() + ", \"addi_calls\": " + addi + ", \"total_calls\": " + total + "}");
    }

    private static native long total0();

    private static native int methods0();

    private static native long calls0(int i);

    private static native String name0(int i);
}
