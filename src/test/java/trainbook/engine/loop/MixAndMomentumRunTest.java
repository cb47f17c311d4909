package trainbook.engine.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** cutmix / mixup and one-cycle momentum through the training loop, on tiny data. */
class MixAndMomentumRunTest {
    @TempDir
    Path dir;

    TrainSpec blobs(String name) {
        return LoopSpecs.small(dir, "blobs(n=300,classes=3,features=2)").batch(30).name(name);
    }

    static double[] losses(RunRecord r) {
        return r.steps().stream().mapToDouble(StepRecord::loss).toArray();
    }

    @Test
    void mixupTrainsReproduciblyAndChangesTheLosses() {
        TrainSpec s = blobs("mix1");
        s.augment(List.of("mixup"));
        double[] a, b, plain;
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertTrue(r.noteTexts().contains("augmentation: mixup (training batches only)"), r.noteTexts().toString());
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.startsWith("mixup λ ~ Beta(0.4, 0.4) per training batch: loss = λ·loss(y)")),
                    r.noteTexts().toString());
            assertTrue(r.metric("val_acc") > 0.8, "val_acc " + r.metric("val_acc")); // validation is never mixed
            a = losses(r);
        }
        try (TrainedRun run = Trainbook.train(s.copy().name("mix2"))) {
            b = losses(run.record());
        }
        TrainSpec p = blobs("plain");
        try (TrainedRun run = Trainbook.train(p)) {
            plain = losses(run.record());
        }
        assertArrayEquals(a, b, "same seed, same mixing");
        assertFalse(Arrays.equals(a, plain), "mixing changes the training losses");
        assertTrue(Arrays.stream(a).allMatch(Double::isFinite));
    }

    @Test
    void cutmixTrainsOnImagesAndIsRefusedElsewhere() throws Exception {
        Path idx = dir.resolve("idx");
        Files.createDirectories(idx);
        trainbook.engine.data.DataTest.writeIdx(idx, "train", 64, true);
        trainbook.engine.data.DataTest.writeIdx(idx, "t10k", 16, true);
        TrainSpec s = blobs("cut");
        s.data("idx:" + idx);
        s.model("cnn");
        s.augment(List.of("flip", "cutmix"));
        s.epochs(1);
        s.batch(16);
        s.limit(3);
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals(3, r.steps().size());
            assertTrue(Arrays.stream(losses(r)).allMatch(Double::isFinite));
            assertTrue(r.noteTexts().contains("augmentation: flip, cutmix (training batches only)"), r.noteTexts().toString());
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.startsWith("cutmix λ ~ Beta(1.0, 1.0)")), r.noteTexts().toString());
        }
        TrainSpec tab = blobs("cuttab");
        tab.augment(List.of("cutmix"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(tab).close());
        assertTrue(e.getMessage().contains("'cutmix' needs image data"), e.getMessage());
        assertTrue(e.getMessage().contains("augment=mixup"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void onecycleCyclesAdamsBeta1AndTheRecordKeepsThePlan() {
        TrainSpec s = blobs("oc");
        s.sched("onecycle");
        double[] cycled, fixed;
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            double[] m = r.momentumSchedule();
            assertEquals(r.schedule().length, m.length);
            assertEquals(0.95, m[0], 1e-12);
            assertEquals(0.85, Arrays.stream(m).min().orElseThrow(), 1e-3);
            assertEquals(0.95, m[m.length - 1], 1e-12);
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.startsWith("momentum: β1 cycles 0.95 → 0.85 → 0.95")), r.noteTexts().toString());
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.contains("momentum 0.95 ↘ 0.85 ↗ 0.95")), r.noteTexts().toString());
            assertArrayEquals(m, Trainbook.load("oc", dir.toString()).momentumSchedule(), "saved with the run");
            cycled = losses(r);
        }
        TrainSpec off = blobs("ocoff");
        off.sched("onecycle");
        off.cycleMomentum(false);
        try (TrainedRun run = Trainbook.train(off)) {
            RunRecord r = run.record();
            assertEquals(0, r.momentumSchedule().length);
            assertEquals("false", r.spec().get("cycle_momentum"));
            fixed = losses(r);
        }
        assertEquals(cycled[0], fixed[0], 0, "the first loss is computed before any update");
        assertFalse(Arrays.equals(cycled, fixed), "the cycled β1 changes the updates");
    }

    @Test
    void mixingAndACycledMomentumLeaveNoArraysBehind() {
        for (String opt : List.of("momentum", "adam")) {
            TrainSpec s = blobs("leak-" + opt);
            s.opt(opt);
            s.sched("onecycle");
            s.augment(List.of("mixup"));
            s.epochs(5);
            long[] counts = new long[2];
            TrainingListener count = new TrainingListener() {
                @Override public void onBatchEnd(StepRecord step) {
                    if (step.step() == 13) counts[0] = TrainLoopTest.live();
                    if (step.step() == 40) counts[1] = TrainLoopTest.live();
                }
            };
            try (TrainedRun run = Trainbook.train(s, count)) {
                assertTrue(counts[0] > 0);
                assertEquals(counts[0], counts[1], opt + ": live NDArrays at step 13 and step 40");
            }
        }
    }

    @Test
    void onecycleSaysWhenTheOptimizerHasNoMomentum() {
        TrainSpec s = blobs("ocsgd");
        s.sched("onecycle");
        s.opt("sgd");
        s.lr(0.1);
        s.epochs(1);
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals(0, r.momentumSchedule().length);
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.contains("opt=sgd has none to cycle")), r.noteTexts().toString());
        }
    }
}
