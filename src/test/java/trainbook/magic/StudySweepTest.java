package trainbook.magic;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Cancellation;
import trainbook.engine.Trainbook;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StopReason;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Tokenizer;
import trainbook.render.Rich;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** %compare sweeps run as studies, on tiny synthetic data. */
class StudySweepTest {
    @TempDir
    Path dir;
    RecordingContext ctx;
    String runs;

    @BeforeEach
    void setUp() {
        ctx = new RecordingContext();
        runs = " runs=" + dir.toString().replace('\\', '/');
    }

    @AfterEach
    void tearDown() { Cancellation.current().reset(); }

    private Comparison compare(RecordingContext c, String line) {
        return new CompareMagic(c, System::nanoTime).run(Tokenizer.tokenize(line + runs));
    }

    static final String BASE = "data=blobs(n=120) model=mlp(8) epochs=3 batch=32 limit=2 live=false ";

    @Test
    void multivariateTrueRunsOptunasMultivariateTpeAndTheStudyRecordsIt() throws Exception {
        assertEquals("tpe", StudySweep.sampler("tpe", false).name());
        assertEquals("tpe-multivariate", StudySweep.sampler("tpe", true).name());
        compare(ctx, BASE + "lr=1e-3..1 wd=1e-6..1e-2 search=tpe multivariate=true trials=3 study=mv");
        String meta = Files.readString(dir.resolve("studies").resolve("mv").resolve("study.json"));
        assertTrue(meta.contains("tpe-multivariate"), meta);
        assertEquals(3, Trainbook.runs(dir.toString()).loadAll().size());
    }

    @Test
    void aTpeStudyWithPruningSavesEveryTrialAndShowsItsCharts() {
        Comparison c = compare(ctx, BASE + "lr=1e-3..1 opt=sgd,adam search=tpe trials=8 prune=asha min_epochs=1 eta=2 study=s1");
        Path sdir = dir.resolve("studies").resolve("s1");
        assertTrue(Files.isRegularFile(sdir.resolve("study.json")));
        for (int i = 1; i <= 8; i++) assertTrue(Files.isRegularFile(sdir.resolve(String.format("trial-%04d.json", i))), "trial " + i);
        List<RunRecord> saved = Trainbook.runs(dir.toString()).loadAll();
        assertEquals(8, saved.size());
        long pruned = saved.stream().filter(r -> r.stopReason() == StopReason.PRUNED).count();
        assertTrue(pruned > 0, "eta=2 halves the trials at epochs 1 and 2");
        for (RunRecord r : saved) {
            if (r.stopReason() == StopReason.PRUNED) assertTrue(r.epochs().size() < 3, r.name());
        }
        assertEquals(8, c.runs().size(), "every trial finished an epoch, so every one is compared");
        String progress = ctx.displays.get("d1").plain();
        assertTrue(progress.startsWith("study done: 8 trials, " + pruned + " pruned; best val_loss"), progress);
        Rich out = ctx.displays.get("d2");
        String text = out.plain();
        assertTrue(text.contains("study leaderboard: " + (8 - pruned) + " complete, " + pruned + " pruned"), text);
        assertTrue(text.contains("optimisation history of 8 trials"), text);
        assertTrue(text.contains("slice: val_loss against lr (log axis)"), text);
        assertTrue(text.contains("slice: val_loss against opt"), text);
        assertTrue(out.htmlOrNull().contains("pruned") && out.htmlOrNull().contains("<img"), "board and charts in HTML");
        assertTrue(ctx.updates.getOrDefault("d2", 0) > 8, "the leaderboard was redrawn as trials ran");
    }

    @Test
    void rerunningTheSameStudyContinuesItAndAnInterruptKeepsFinishedTrials() {
        RecordingContext stopping = new RecordingContext() {
            @Override
            public void update(String id, Rich output) {
                super.update(id, output);
                // the user interrupts while trial 3 runs
                if (output.plain().startsWith("trial 3/5")) Cancellation.current().requestStop();
            }
        };
        String line = BASE.replace("live=false ", "") + "lr=1e-3..1e-1 search=random trials=5 study=s2";
        compare(stopping, line);
        assertTrue(stopping.displays.get("d1").plain().startsWith("study interrupted after 2/5 trials"),
                stopping.displays.get("d1").plain());
        Path sdir = dir.resolve("studies").resolve("s2");
        assertTrue(Files.exists(sdir.resolve("trial-0002.json")));
        assertFalse(Files.exists(sdir.resolve("trial-0003.json")), "the interrupted trial is not kept");
        Cancellation.current().reset();
        // a new kernel: the same line continues with trials 3..5
        RecordingContext again = new RecordingContext();
        Comparison c = compare(again, line);
        assertEquals(5, c.runs().size());
        assertTrue(again.displays.get("d1").plain().startsWith("study done: 5 trials (2 from before)"), again.displays.get("d1").plain());
        assertTrue(Files.exists(dir.resolve("s2-t5").resolve("run.json")));
    }

    @Test
    void badStudyKeysAreOneLineAndNothingSavedIsTouched() throws Exception {
        compare(ctx, BASE + "lr=1e-3..1e-1 search=random trials=2 study=s3");
        Path meta = dir.resolve("studies/s3/study.json");
        String before = Files.readString(meta);
        String[][] cases = {
                {"lr=1e-4..1e-1 search=random trials=2 study=s3", "study 's3' was saved with lr=log:1e-3..0.1, not lr=log:1e-4..0.1"},
                {"lr=1e-3..1e-1 search=annealing", "unknown search 'annealing'"},
                {"lr=1e-3..1e-1 search=tpe prune=hyperband", "unknown prune 'hyperband'"},
                {"lr=1e-3..1e-1 search=tpe trials=1001", "trials"},
                {"lr=1e-1..1e-3 search=tpe", "must go up"},
                {"lr=1e-3..1e-3 search=tpe", "empty"},
                {"dropout=log:0..0.5 search=tpe", "touches 0"},
                {"lr=1e-3..1e-1 search=tpe prune=median epochs=1", "needs epochs to prune on"},
                {"lr=1e-3..1e-1 search=tpe prune=asha min_epochs=3", "leaves no epoch to prune"},
                {"lr=1e-3..1e-1 search=tpe min_epochs=2", "add prune=median or prune=asha"},
                {"lr=1e-3..1e-1 search=tpe prune=median eta=3", "prune=median has no eta"},
                {"lr=1e-3..1e-1 search=tpe study=a/b", "study=a/b"},
        };
        for (String[] k : cases) {
            String line = BASE.replace("epochs=3 ", k[0].matches("(.* )?epochs=.*") ? "" : "epochs=3 ") + k[0];
            ArgException e = assertThrows(ArgException.class, () -> compare(new RecordingContext(), line), line);
            assertTrue(e.getMessage().startsWith("%compare: "), e.getMessage());
            assertTrue(e.getMessage().contains(k[1]), line + " → " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertEquals(before, Files.readString(meta));
        assertEquals(2, Files.list(dir.resolve("studies/s3")).filter(p -> p.getFileName().toString().startsWith("trial-")).count());
    }

    @Test
    void helpDocumentsEveryStudyKey() {
        compare(ctx, "--help");
        String help = ctx.displays.values().iterator().next().plain();
        for (String k : List.of("search=tpe", "prune=asha", "min_epochs=2", "eta=3", "study=lr_search", "log:lo..hi", "trials=30")) {
            assertTrue(help.contains(k), k + " in help");
        }
    }
}
