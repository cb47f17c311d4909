package trainbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Command-line options shared by the Java benchmark contestants (same spelling as bench/pytorch_bench.py). */
final class BenchArgs {
    String model = "mlp";
    int threads = 1;
    int batches = 200;
    int warmup = 20;
    int epochs = 0;
    String data = "/usr/share/datasets/fashion-mnist";
    long seed = 42;
    /** engine contestant only: off | on (live progress + chart + grad norms + doctor) */
    String render = "off";

    static BenchArgs parse(String[] args) {
        BenchArgs a = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("option '" + k + "' needs a value");
            String v = args[++i];
            switch (k) {
                case "--model" -> a.model = v;
                case "--threads" -> a.threads = Integer.parseInt(v);
                case "--batches" -> a.batches = Integer.parseInt(v);
                case "--warmup" -> a.warmup = Integer.parseInt(v);
                case "--epochs" -> a.epochs = Integer.parseInt(v);
                case "--data" -> a.data = v;
                case "--seed" -> a.seed = Long.parseLong(v);
                case "--render" -> a.render = v;
                default -> throw new IllegalArgumentException("unknown option '" + k
                        + "'; valid: --model --threads --batches --warmup --epochs --data --seed --render");
            }
        }
        if (!a.model.equals("mlp") && !a.model.equals("cnn")) {
            throw new IllegalArgumentException("--model '" + a.model + "' is not valid; use mlp or cnn");
        }
        return a;
    }

    /** Peak resident set size of this process (VmHWM), in MB; NaN where /proc is unavailable. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** CPU time of the calling thread in ns (ThreadMXBean): robust to other load on the machine. */
    static long threadCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU time of the whole process in ns (all threads: rendering, GC, JIT included); -1 if unavailable. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Prints the CPU seconds of every live Java thread and the remainder (native threads) to stderr. */
    static void printThreadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) continue;
            long c = mx.getThreadCpuTime(t.getThreadId());
            if (c <= 0) continue;
            sum += c;
            if (c > 50_000_000L) System.err.printf(Locale.ROOT, "cpu %8.2f s  %s%n", c / 1e9, t.getThreadName());
        }
        System.err.printf(Locale.ROOT, "cpu %8.2f s  (threads not known to the JVM: native, GC, JIT)%n",
                (processCpuNanos() - sum) / 1e9);
    }
}
