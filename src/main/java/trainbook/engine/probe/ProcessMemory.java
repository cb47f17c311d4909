package trainbook.engine.probe;

import trainbook.engine.run.MemoryUse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's resident memory (from {@code /proc/self/status}) and the most it may use: the container's limit
 * (cgroup v2 {@code memory.max}, or v1 {@code memory.limit_in_bytes} — Binder sets one) when there is one, else the
 * machine's physical memory. Off Linux the figures are unknown (−1) and the limit is the JVM's view of the machine.
 */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    /** cgroup limits at or above this mean "no limit" (v1 writes 2^63 rounded down to a page). */
    private static final long UNLIMITED = 1L << 60;

    private ProcessMemory() {}

    /** The memory limit and where it comes from ({@code cgroup v2}, {@code cgroup v1}, {@code physical memory}). */
    public record Limit(long bytes, String source) {
        public double mb() { return bytes / 1048576.0; }
    }

    /** Resident set size now, in bytes, or −1 when unknown. */
    public static long rssBytes() { return bytes(statusKb("VmRSS:")); }

    /** Highest resident set size since start or the last {@link #resetPeak()}, in bytes, or −1 when unknown. */
    public static long peakBytes() { return bytes(statusKb("VmHWM:")); }

    private static long bytes(long kb) { return kb < 0 ? -1 : kb * 1024; }

    /**
     * Restarts the peak ({@code VmHWM}) from the current RSS, so a run can read its own peak. Returns false where
     * the kernel does not allow it (then {@link #peakBytes()} is the process's peak so far).
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return -1;
    }

    /**
     * Watches one run: restarts the kernel's high-water mark at the start, samples the resident size when asked
     * (the fallback where the mark cannot be restarted) and reports {@link MemoryUse}.
     */
    public static final class Watch {
        private final boolean exact = resetPeak();
        private final long start = rssBytes();
        private long sampled = start;

        /** Notes the resident size now (cheap: one read of /proc/self/status). */
        public void sample() { sampled = Math.max(sampled, rssBytes()); }

        /** The run's memory use so far. */
        public MemoryUse result() {
            sample();
            long peak = exact ? Math.max(peakBytes(), sampled) : sampled;
            Limit l = limit();
            return new MemoryUse(mb(start), mb(peak), mb(l.bytes()), l.source(), exact && peakBytes() > 0);
        }

        private static double mb(long bytes) { return bytes < 0 ? -1 : bytes / 1048576.0; }
    }

    /** The container's memory limit when one is set, else physical memory. */
    public static Limit limit() {
        Limit c = cgroupLimit(Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
        if (c != null) return c;
        long phys = physical();
        return new Limit(phys > 0 ? phys : Runtime.getRuntime().maxMemory(), "physical memory");
    }

    /** The cgroup limit for the process described by {@code procCgroup} under {@code root}, or null when none. */
    static Limit cgroupLimit(Path procCgroup, Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procCgroup);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) continue;
            if (f[0].equals("0") && f[1].isEmpty()) {
                Long v = read(root.resolve(rel(f[2])).resolve("memory.max"));
                if (v != null && v < UNLIMITED) return new Limit(v, "cgroup v2 memory.max");
            } else if (List.of(f[1].split(",")).contains("memory")) {
                Long v = read(root.resolve("memory").resolve(rel(f[2])).resolve("memory.limit_in_bytes"));
                if (v == null) v = read(root.resolve("memory").resolve("memory.limit_in_bytes"));
                if (v != null && v < UNLIMITED) return new Limit(v, "cgroup v1 memory.limit_in_bytes");
            }
        }
        return null;
    }

    private static String rel(String p) {
        String s = p.startsWith("/") ? p.substring(1) : p;
        return s.isEmpty() ? "." : s;
    }

    private static Long read(Path p) {
        try {
            String s = Files.readString(p).trim();
            if (s.equals("max")) return Long.MAX_VALUE;
            return Long.parseLong(s);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long physical() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring(9).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        try {
            Object os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getTotalMemorySize();
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot
        }
        return -1;
    }
}
