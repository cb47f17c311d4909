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
        return LoopSpecs.small(dir, "blobs(n=400,classes=3,features=2)").gradEvery(2);
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
        try (TrainedRun run = Trainbook.train(blobs(), l)) {
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

    @Test
    void sameSeedGivesSameLosses() {
        TrainSpec a = blobs().name("a");
        a.dropout(0.2);
        double[] l1, l2, l3;
        try (TrainedRun r = Trainbook.train(a)) { l1 = losses(r.record()); }
        try (TrainedRun r = Trainbook.train(a.copy().name("b"))) { l2 = losses(r.record()); }
        try (TrainedRun r = Trainbook.train(a.copy().name("c").seed(7))) { l3 = losses(r.record()); }
        assertArrayEquals(l1, l2, 0.0);
        assertFalse(java.util.Arrays.equals(l1, l3));
    }

    static double[] losses(RunRecord r) {
        return r.steps().stream().mapToDouble(StepRecord::loss).toArray();
    }

    @Test
    void cancellationStopsWithinOneBatchAndKeepsHistory() {
        TrainSpec s = blobs().name("cancelled");
        TrainingListener stopAfter5 = new TrainingListener() {
            @Override public void onBatchEnd(StepRecord step) { if (step.step() == 4) Cancellation.current().requestStop(); }
        };
        try (TrainedRun run = Trainbook.train(s, stopAfter5)) {
            RunRecord r = run.record();
            assertEquals(StopReason.INTERRUPTED, r.stopReason());
            assertEquals(RunStatus.FINISHED, r.status());
            assertEquals(5, r.steps().size());
            assertTrue(Files.isRegularFile(dir.resolve("cancelled").resolve("run.json")));
        } finally {
            Cancellation.current().reset();
        }
    }

    @Test
    void aStopNoLoopHasSeenStopsTheNextRunButAStaleOneDoesNot() {
        try {
            // a stop that arrives between two runs (a sweep's trials): the next run stops at its first check
            Cancellation.current().reset();
            Cancellation.current().requestStop();
            try (TrainedRun run = Trainbook.train(blobs().name("between"))) {
                assertEquals(StopReason.INTERRUPTED, run.record().stopReason());
                assertEquals(0, run.record().steps().size());
            }
            // that run acted on it: the request is now stale, and a new run trains normally
            assertTrue(Cancellation.current().acknowledged());
            try (TrainedRun run = Trainbook.train(blobs().name("after"))) {
                assertEquals(StopReason.COMPLETED, run.record().stopReason());
                assertEquals(3, run.record().epochs().size());
            }
        } finally {
            Cancellation.current().reset();
        }
    }

    @Test
    void threadInterruptAlsoStops() {
        TrainSpec s = blobs().name("interrupted");
        TrainingListener interrupt = new TrainingListener() {
            @Override public void onBatchEnd(StepRecord step) { if (step.step() == 2) Thread.currentThread().interrupt(); }
        };
        try (TrainedRun run = Trainbook.train(s, interrupt)) {
            assertEquals(StopReason.INTERRUPTED, run.record().stopReason());
            assertEquals(3, run.record().steps().size());
            assertFalse(Thread.currentThread().isInterrupted());
        } finally {
            Cancellation.current().reset();
        }
    }

    @Test
    void nonFiniteLossStopsTheRun() {
        TrainSpec s = blobs().name("nan");
        s.lossObject((trainbook.engine.loss.TrainLoss) (pred, label) -> pred.sum().div(0).mul(0));
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals(StopReason.NON_FINITE, r.stopReason());
            assertEquals(1, r.steps().size());
            assertTrue(Double.isNaN(r.steps().get(0).loss()));
            assertEquals(0, r.epochs().size());
        }
    }

    @Test
    void hugeLearningRateDivergesOrGoesNonFinite() {
        TrainSpec s = new TrainSpec();
        s.data("linear(n=200,features=4)");
        s.model("mlp(32,32)");
        s.opt("sgd");
        s.lr(5);
        s.epochs(5);
        s.batch(16);
        s.runsDir(dir.toString());
        try (TrainedRun run = Trainbook.train(s)) {
            StopReason r = run.record().stopReason();
            assertTrue(r == StopReason.DIVERGED || r == StopReason.NON_FINITE, r.toString());
        }
    }

    @Test
    void maxTimeStops() {
        TrainSpec s = blobs().name("timed");
        s.epochs(1000);
        s.maxTime(0.3);
        try (TrainedRun run = Trainbook.train(s)) {
            assertEquals(StopReason.MAX_TIME, run.record().stopReason());
            assertTrue(run.record().epochs().size() < 1000);
        }
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        // an overfitting-prone set: tiny training split, large model, val loss turns up
        TrainSpec s = new TrainSpec();
        s.data("spirals(n=120,classes=3)");
        s.val("split=0.5");
        s.model("mlp(128,128)");
        s.lr(0.05);
        s.epochs(60);
        s.batch(8);
        s.patience(3);
        s.runsDir(dir.toString());
        s.name("es");
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals(StopReason.PATIENCE, r.stopReason());
            int best = r.bestEpoch();
            int last = r.epochs().size();
            assertEquals(last - 3, best, "stops patience epochs after the best");
            double bestVal = r.epochs().get(best - 1).valLoss();
            for (EpochRecord e : r.epochs()) assertTrue(e.valLoss() >= bestVal);
            assertEquals(bestVal, r.metric("val_loss"), 0.0);
            // the returned model has the best epoch's weights: re-evaluating gives the best val loss
            TrainSpec again = s.copy();
            again.epochs(1);
            again.init("run:es");
            again.name("es-check");
            again.lr(1e-12);
            again.opt("sgd");
            again.patience(null);
            try (TrainedRun check = Trainbook.train(again)) {
                assertEquals(bestVal, check.record().epochs().get(0).valLoss(), 1e-4);
            }
        }
    }

    @Test
    void startFromEpochIgnoresEarlyEpochs() {
        TrainSpec s = blobs().name("warm");
        s.epochs(4);
        s.patience(1);
        s.monitor("train_loss");
        s.startFromEpoch(3);
        try (TrainedRun run = Trainbook.train(s)) {
            assertTrue(run.record().bestEpoch() >= 3);
        }
    }

    @Test
    void regressionWithHuberAndClipping() {
        TrainSpec s = new TrainSpec();
        s.data("linear(n=400,features=3)");
        s.model("linear");
        s.loss("huber");
        s.opt("sgd");
        s.lr(0.05);
        s.clip(1.0);
        s.clipValue(0.5);
        s.epochs(4);
        s.batch(32);
        s.gradEvery(0);
        s.runsDir(dir.toString());
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals("regression", r.data().task());
            assertTrue(Double.isNaN(r.metric("val_acc")));
            for (StepRecord st : r.steps()) assertFalse(Double.isNaN(st.gradNorm()), "clip records the norm every step");
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.contains("clip_value")));
            assertTrue(r.epochs().get(3).trainLoss() < r.epochs().get(0).trainLoss());
            assertTrue(r.gradSamples().isEmpty());
        }
    }

    @Test
    void badSpecsFailWithOneLineMessages() {
        TrainSpec s = blobs();
        s.model("transformer");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(s));
        assertTrue(e.getMessage().contains("'transformer'") && e.getMessage().contains("mlp"), e.getMessage());
        TrainSpec t = blobs();
        t.data("imagenet");
        e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(t));
        assertTrue(e.getMessage().contains("'imagenet'") && e.getMessage().contains("fashion-mnist"), e.getMessage());
        TrainSpec o = blobs();
        o.opt("adamm");
        o.data("fashion-mnist:/nonexistent");
        e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(o));
        assertTrue(e.getMessage().contains("'adamm'") || e.getMessage().contains("adamm"), "optimizer checked before data: " + e.getMessage());
        TrainSpec mo = blobs();
        mo.monitor("test_acc"); // nothing selects on the test set
        e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(mo));
        assertTrue(e.getMessage().contains("'test_acc'") && e.getMessage().contains("val_f1"), e.getMessage());
        TrainSpec u = blobs();
        u.loss("mse");
        e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(u));
        assertTrue(e.getMessage().contains("mse"), e.getMessage());
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        TrainSpec s = blobs().name("leak");
        s.gradEvery(1);
        s.clip(1.0);
        s.clipValue(1.0);
        s.augment(List.of("noise"));
        s.epochs(4);
        long[] counts = new long[2];
        TrainingListener count = new TrainingListener() {
            @Override public void onBatchEnd(StepRecord step) {
                if (step.step() == 13) counts[0] = live();
                if (step.step() == 40) counts[1] = live();
            }
        };
        try (TrainedRun run = Trainbook.train(s, count)) {
            assertTrue(counts[0] > 0);
            assertEquals(counts[0], counts[1], "live NDArrays at step 13 and step 40");
        }
    }

    static long live() {
        try (ai.djl.ndarray.NDManager probe = ai.djl.ndarray.NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size(); // the engine's system manager, recursively
        }
    }

    @Test
    void trainsOnNotebookObjectsTableAndBlock() {
        java.util.Random rnd = new java.util.Random(1);
        int n = 200;
        double[] a = new double[n], b = new double[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextGaussian() * 10 + 50;
            b[i] = rnd.nextGaussian();
            label[i] = a[i] > 50 ? "high" : "low";
        }
        tech.tablesaw.api.Table t = tech.tablesaw.api.Table.create("t",
                tech.tablesaw.api.DoubleColumn.create("a", a), tech.tablesaw.api.DoubleColumn.create("b", b),
                tech.tablesaw.api.StringColumn.create("label", label));
        ai.djl.nn.Block block = trainbook.engine.model.Models.mlp(new int[]{8}, "relu", 0, "none", 2);
        TrainSpec s = blobs().name("table");
        s.dataObject(t);
        s.target("label");
        s.modelObject(block);
        s.epochs(5);
        s.lr(0.05);
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals("<Table>", r.spec().get("data"));
            assertEquals("<SequentialBlock>", r.spec().get("model"));
            assertTrue(r.data().normalized());
            assertTrue(r.metric("val_acc") >= 0.85, "val_acc " + r.metric("val_acc"));
            assertSame(block, run.block());
        }
        assertTrue(block.isInitialized(), "a notebook block stays usable after the run is closed");
        assertNotNull(block.getParameters().get(0).getValue().getArray().toFloatArray());
    }

    @Test
    void imagePipelineWithCnnAndAugmentation() throws Exception {
        Path idx = dir.resolve("idx");
        Files.createDirectories(idx);
        trainbook.engine.data.DataTest.writeIdx(idx, "train", 64, true);
        trainbook.engine.data.DataTest.writeIdx(idx, "t10k", 16, true);
        TrainSpec s = blobs().name("images");
        s.data("idx:" + idx);
        s.model("cnn");
        s.norm("batchnorm");
        s.augment(List.of("flip", "crop", "noise"));
        s.epochs(1);
        s.batch(16);
        s.limit(3);
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals(3, r.steps().size());
            assertArrayEquals(new long[]{1, 4, 4}, r.data().sampleShape());
            assertEquals(3, r.deadUnits().size(), "conv, conv and dense ReLUs");
            assertFalse(Double.isNaN(r.metric("test_acc")));
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.contains("augmentation: flip, crop, noise")));
        }
    }
}
