package trainbook.engine.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.run.MemoryUse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessMemoryTest {
    @TempDir
    Path dir;

    private Path write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsACgroupV2Limit() throws IOException {
        Path proc = write("proc/cgroup", "0::/user.slice/binder\n");
        write("sys/user.slice/binder/memory.max", "2147483648\n");
        ProcessMemory.Limit l = ProcessMemory.cgroupLimit(proc, dir.resolve("sys"));
        assertEquals(2147483648L, l.bytes());
        assertEquals("cgroup v2 memory.max", l.source());
        assertEquals(2048.0, l.mb(), 1e-9);
    }

    @Test
    void readsACgroupV1LimitAndIgnoresUnlimitedOnes() throws IOException {
        Path proc = write("proc/cgroup", "5:devices:/\n4:memory:/jobs/abc\n0::/\n");
        write("sys/memory/jobs/abc/memory.limit_in_bytes", "1073741824\n");
        ProcessMemory.Limit l = ProcessMemory.cgroupLimit(proc, dir.resolve("sys"));
        assertEquals(1L << 30, l.bytes());
        assertEquals("cgroup v1 memory.limit_in_bytes", l.source());
        write("sys/memory/jobs/abc/memory.limit_in_bytes", "9223372036854771712\n");
        assertNull(ProcessMemory.cgroupLimit(proc, dir.resolve("sys")), "v1 writes 2^63 for no limit");
        Path v2 = write("proc/cgroup2", "0::/\n");
        write("sys/memory.max", "max\n");
        assertNull(ProcessMemory.cgroupLimit(v2, dir.resolve("sys")));
        assertNull(ProcessMemory.cgroupLimit(dir.resolve("missing"), dir.resolve("sys")));
    }

    @Test
    void measuresThisProcess() {
        ProcessMemory.Limit l = ProcessMemory.limit();
        assertTrue(l.bytes() > 0 && !l.source().isEmpty(), l.toString());
        if (!Files.isReadable(Path.of("/proc/self/status"))) return; // not Linux: figures unknown
        long rss = ProcessMemory.rssBytes();
        assertTrue(rss > 10L << 20, "a JVM holds more than 10 MB: " + rss);
        ProcessMemory.Watch w = new ProcessMemory.Watch();
        byte[][] hold = new byte[8][];
        for (int i = 0; i < hold.length; i++) {
            hold[i] = new byte[8 << 20];
            java.util.Arrays.fill(hold[i], (byte) 1); // touch the pages so they are resident
        }
        MemoryUse m = w.result();
        assertTrue(m.startMb() > 10 && m.peakMb() >= m.startMb(), m.toString());
        assertTrue(m.peakMb() <= m.limitMb(), m.toString());
        assertTrue(m.peakShare() > 0 && m.peakShare() <= 1, m.toString());
        assertEquals(1, hold[7][5]);
    }
}
