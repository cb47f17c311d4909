package trainbook.bench;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JNI-call counter: off without its agent, and exact with it (bench/jnicount.c built with gcc, as the bench does). */
class NativeCallsTest {
    @Test
    void withoutTheAgentNothingIsCounted() {
        assertFalse(NativeCalls.available());
        assertEquals(-1, NativeCalls.total());
        assertTrue(NativeCalls.byMethod().isEmpty());
    }

    @Test
    void theAgentCountsEveryCrossingOfOneMethodExactly() throws Exception {
        Path dir = Files.createTempDirectory("jnicount");
        Path so = dir.resolve("libjnicount.so");
        String jdk = System.getProperty("java.home");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-I" + jdk + "/include",
                "-I" + jdk + "/include/linux", "bench/jnicount.c", "-o", so.toString())
                .redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc (the bench needs it too): " + gccOut);
        Process java = new ProcessBuilder(jdk + "/bin/java", "-agentpath:" + so, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", System.getProperty("java.class.path"),
                "trainbook.bench.NativeCalls", "100")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        List<String> json = out.lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(1, json.size(), out);
        // 100 in-place additions: 100 calls of torchAddi, and nothing else crosses per addition
        assertEquals("{\"available\": true, \"addi_calls\": 100, \"total_calls\": 100}", json.get(0));
        for (File f : dir.toFile().listFiles()) f.delete();
        dir.toFile().delete();
    }
}
