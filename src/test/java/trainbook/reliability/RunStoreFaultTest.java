package trainbook.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.RunStore;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run store under faults: a process killed (SIGKILL) in the middle of saves leaves every record loadable and
 * complete (atomic writes); corrupt records are skipped by {@link RunStore#loadAll()} with a warning naming the
 * file, and {@link RunStore#load(String)} names it in a one-line error.
 */
class RunStoreFaultTest {
    @TempDir
    Path tmp;

    @Test
    void processKilledDuringSavesLeavesEveryRecordComplete() throws Exception {
        Path dir = tmp.resolve("runs");
        int steps = 5_000; // ~0.5 MB of JSON per record: kills land inside writes
        Random rnd = new Random(8);
        int kills = 6;
        for (int k = 0; k < kills; k++) {
            Process p = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                    SaveLoop.class.getName(), dir.toString(), Integer.toString(steps))
                    .redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertEquals("ready", line, "the save loop started");
                Thread.sleep(50 + rnd.nextInt(400));
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            }
        }
        RunStore store = new RunStore(dir);
        List<RunRecord> all = store.loadAll();
        assertTrue(store.warnings().isEmpty(), "no corrupt record after kills: " + store.warnings());
        assertEquals(store.names().size(), all.size());
        assertTrue(all.size() >= 1);
        for (RunRecord r : all) {
            assertEquals(steps, r.steps().size(), r.name() + " is complete");
            double version = Math.floor(r.steps().get(0).loss() - 1.0 + 1e-9);
            assertEquals(version + 1.0 / steps, r.steps().get(steps - 1).loss(), 1e-9, r.name() + " is one version, not a mix");
        }
        long leftovers;
        try (var files = Files.walk(dir)) {
            leftovers = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
        System.out.println("[figure] store: " + kills + " SIGKILLs during saves, " + all.size()
                + " records all complete, " + leftovers + " leftover temp files ignored");
    }

    @Test
    void corruptRecordsAreSkippedAndNamed() throws Exception {
        Path dir = tmp.resolve("runs");
        RunStore store = new RunStore(dir);
        for (String n : List.of("good1", "good2", "trunc", "garbage", "empty", "nulljson", "wrongtypes")) {
            store.save(SaveLoop.record(n, 50, 1), null);
        }
        Path trunc = dir.resolve("trunc").resolve(RunStore.RECORD);
        String json = Files.readString(trunc);
        Files.writeString(trunc, json.substring(0, json.length() / 2));
        byte[] junk = new byte[300];
        new Random(3).nextBytes(junk);
        Files.write(dir.resolve("garbage").resolve(RunStore.RECORD), junk);
        Files.writeString(dir.resolve("empty").resolve(RunStore.RECORD), "");
        Files.writeString(dir.resolve("nulljson").resolve(RunStore.RECORD), "null");
        Files.writeString(dir.resolve("wrongtypes").resolve(RunStore.RECORD), "{\"name\": [1,2], \"steps\": 7}");

        List<RunRecord> all = store.loadAll();
        assertEquals(List.of("good1", "good2"), all.stream().map(RunRecord::name).sorted().toList());
        assertEquals(5, store.warnings().size(), store.warnings().toString());
        assertTrue(store.warnings().stream().noneMatch(w -> w.contains("\n")), "one line each: " + store.warnings());
        for (String bad : List.of("trunc", "garbage", "empty", "nulljson", "wrongtypes")) {
            assertTrue(store.warnings().stream().anyMatch(w -> w.contains(bad + File.separator + RunStore.RECORD)),
                    bad + " named in " + store.warnings());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.load(bad));
            assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("corrupt"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertEquals(50, store.load("good1").steps().size());
        System.out.println("[figure] store: 5 corrupt records skipped and named, 2 good ones loaded");
    }

    @Test
    void unwritableRunsDirectoryFailsSaveWithAClearMessage() throws Exception {
        Path notADir = tmp.resolve("runs-is-a-file");
        Files.writeString(notADir, "x");
        RunStore store = new RunStore(notADir);
        RuntimeException e = assertThrows(RuntimeException.class, () -> store.save(SaveLoop.record("r", 5, 1), null));
        assertTrue(e.getMessage().contains("cannot save run 'r'") && e.getMessage().contains(notADir.toString()),
                e.getMessage());
        assertTrue(store.loadAll().isEmpty());
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
