package trainbook.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.RunRecord;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainbookTest {
    @TempDir
    Path dir;

    @Test
    void fluentApiTrainsSavesLoadsAndWarmStarts() {
        TrainSpec spec = Trainbook.spec().model("mlp(16)").data("spirals(n=300,classes=3)").epochs(2).batch(32)
                .lr(1e-2).name("first");
        spec.runsDir(dir.toString());
        spec.threads(1);
        double lastLoss;
        try (TrainedRun run = Trainbook.train(spec)) {
            assertEquals(2, run.history().rowCount());
            lastLoss = run.record().epochs().get(1).trainLoss();
        }
        RunRecord loaded = Trainbook.load("first", dir.toString());
        assertEquals(2, loaded.epochs().size());
        assertEquals("mlp(16)", loaded.spec().get("model"));
        List<RunRecord> all = Trainbook.runs(dir.toString()).loadAll();
        assertEquals(1, all.size());

        TrainSpec warm = spec.copy().name("second").epochs(1);
        warm.init("run:first");
        try (TrainedRun run = Trainbook.train(warm)) {
            double firstEpoch = run.record().epochs().get(0).trainLoss();
            assertTrue(firstEpoch < run.record().steps().get(0).loss() * 1.5);
            assertTrue(firstEpoch < lastLoss * 1.5, "warm start continues from the saved weights: " + firstEpoch
                    + " vs " + lastLoss);
            assertTrue(run.record().noteTexts().stream().anyMatch(n -> n.contains("warm start")));
        }
        TrainSpec missing = spec.copy().name("third");
        missing.init("run:nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(missing));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("first"), e.getMessage());

        LrFindResult r = Trainbook.lrfind(spec.copy(), 1e-4, 1, 20, "linear");
        assertEquals("linear", r.mode());
        assertEquals(1e-4, r.lrs()[0], 1e-12);
        assertEquals(1e-4 + (1 - 1e-4) / 19, r.lrs()[1], 1e-9);
    }

    @Test
    void theApiReturnsADiagnosedRecordSavedWithItsFindingsUnlessToldNot() {
        TrainSpec spec = Trainbook.spec().model("linear").data("blobs(n=96)").epochs(1).batch(32).name("diagnosed");
        spec.runsDir(dir.toString());
        try (TrainedRun run = Trainbook.train(spec)) {
            assertFalse(run.record().findings().isEmpty(), "the doctor ran (its engine notes at least)");
            RunRecord saved = Trainbook.load("diagnosed", dir.toString());
            assertEquals(run.record().findings(), saved.findings(), "saved after the diagnosis, with it");
        }
        try (TrainedRun plain = Trainbook.train(spec.copy().name("plain"), List.of(), false, false)) {
            assertTrue(plain.record().findings().isEmpty(), "diagnose=false skips the doctor");
        }
    }
}
