package trainbook.engine.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Cancellation;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainLoopTest {
    @TempDir
    Path dir;

    TrainSpec blobs() {
        TrainSpec s = new TrainSpec();
        s.data = "blobs(n=400,classes=3,features=2)";
        s.model = "mlp(16)";
        s.epochs = 3;
        s.batch = 32;
        s.lr = 1e-2;
        s.runsDir = dir.toString();
        s.gradEvery = 2;
        return s;
    }

    @Test
    void trainsBlobsAndFillsTheRecord() {
        List<String> events = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override public void onFitStart(RunRecord run) { events.add("fitStart"); }
            @Override public void onEpochStart(int epoch) { events.add("epochStart" + epoch); }
            @Override public void onEpochEnd(EpochRecord epoch) { events.add("epochEnd" + epoch.epoch()); }
            @Override public void onFitEnd(RunRecord run) { events.add("fitEnd"); }
        };
        try (Run run = Trainbook.train(blobs(), l)) {
            RunRecord r = run.record();
            assertEquals(RunStatus.FINISHED, r.status());
            assertEquals(StopReason.COMPLETED, r.stopReason());
            assertEquals(3, r.epochs().size());
            int spe = (int) Math.ceil(360 / 32.0);
            assertEquals(spe, r.stepsPerEpoch());
            assertEquals(3 * spe, r.steps().size());
            assertEquals(3 * spe, r.schedule().length);
            assertTrue(r.metric("val_acc") > 0.9, "val_acc " + r.metric("val_acc"));
            assertTrue(r.epochs().get(2).trainLoss() < r.epochs().get(0).trainLoss());
            StepRecord s0 = r.steps().get(0);
            assertFalse(Double.isNaN(s0.gradNorm()));
            assertFalse(Double.isNaN(s0.updateRatio()));
            assertTrue(Double.isNaN(r.steps().get(1).gradNorm()));
            assertEquals((3 * spe + 1) / 2, r.gradSamples().size());
            assertEquals(List.of("fitStart", "epochStart1", "epochEnd1", "epochStart2", "epochEnd2", "epochStart3",
                    "epochEnd3", "fitEnd"), events);
            assertEquals("classification", r.data().task());
            assertEquals(3, r.data().numClasses());
            assertEquals(1, r.deadUnits().size());
            assertEquals(3, r.bestEpoch());
            assertNotNull(r.stamp().pytorchVersion());
            assertEquals(3, run.history().rowCount());
            assertEquals(3 * spe, run.steps().rowCount());
            assertTrue(Files.isRegularFile(dir.resolve(r.name()).resolve("run.json")));
            assertTrue(Files.isRegularFile(dir.resolve(r.name()).resolve("params.bin")));
        }
    }
}
