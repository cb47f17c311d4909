package trainbook.doctor.scenario;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import trainbook.doctor.Doctor;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The doctor on real, deliberately broken runs (small data, one thread, seeded): each scenario must raise its rule,
 * and where the remedy is a {@code %train} change, rerunning with the remedy exactly as the finding wrote it must
 * clear the rule. Healthy baselines must raise no warning or problem: a false alarm fails the suite.
 *
 * <pre>
 * rule                  scenario (breaks …)                           remedy rerun
 * initial-loss          raw 0–255 pixels                              inputs /255 (data fix)
 * not-falling           SGD lr=1e-6                                   lr from the finding
 * divergence            SGD lr=20                                     lr=… clip=1 from the finding
 * oscillation           Adam lr=0.1 (and: batch 16 noise is no alarm)  lr=… batch=… from the finding
 * exploding-gradients   SGD lr=3, grad norms every step               clip=… from the finding
 * vanishing-gradients   10-layer sigmoid MLP                          act=relu norm=batchnorm
 * dead-units            Adam lr=1                                     act=leakyrelu …
 * update-ratio          SGD lr=1e-6                                   lr from the finding
 * overfitting           30 spiral points, mlp(256,256), 60 epochs     patience=… (regularisation once it is on)
 * underfitting          linear model on spirals; shuffled labels      model=mlp(…) epochs=…
 * data-non-finite       NaN injected into inputs                      clean data
 * data-scale            raw 0–255 pixels                              inputs /255
 * label-range           labels 1..3                                   labels − 1
 * class-imbalance       96 % / 4 % classes                            (no %train key: balanced data)
 * shape-mismatch        Block built for 784 inputs fed 2 features     Block built for [2]
 * loss-mismatch         MSE on float class ids                        loss=ce
 * schedule-warmup       warmup=1000s on a 145-step run                warmup=…s
 * schedule-rising       cosine with final=1e-2 > lr=1e-3              final=…
 * schedule-zero-early   sched=step step=1 (γ 0.1 per epoch)           gamma=…
 * lr-vs-finder          lr=1e-5 after %lrfind suggested ~0.1          lr=lrfind
 * engine-note           every run (mixed precision unavailable)       —
 * lrfind-never-fell     range test 1e-7…1e-5                          end=10
 * lrfind-diverged-…     SGD range test starting at lr=50              start=… (not rerun)
 * lrfind-suggestion     range test on shuffled labels (rules disagree) —
 * </pre>
 */
class ScenarioSuiteTest {

    static TrainSpec blobs(String model) {
        return Trainer.spec("blobs", model).data(Data.blobs(1000, 3, 1));
    }

    /** The finding of {@code rule} with at least warning severity; fails listing what the doctor saw. */
    static Finding raises(List<Finding> f, String rule) {
        return f.stream().filter(x -> x.rule().equals(rule) && x.severity() != Severity.INFO).findFirst()
                .orElseGet(() -> fail("expected " + rule + " among " + f));
    }

    static void clears(List<Finding> f, String rule) {
        assertTrue(f.stream().noneMatch(x -> x.rule().equals(rule) && x.severity() != Severity.INFO),
                () -> rule + " still raised after the remedy: " + f);
    }

    static void healthy(List<Finding> f) {
        assertTrue(Doctor.isHealthy(f), () -> "false alarm on a healthy run: " + f);
    }

    // ------------------------------------------------------------------ healthy baselines

    @Test
    void healthyBaselinesRaiseNoWarningOrProblem() {
        healthy(Trainer.diagnose("healthy: mlp on standardised blobs, adam 1e-3", blobs("mlp(32,32)")));
        healthy(Trainer.diagnose("healthy: mlp on spirals, adam 3e-3",
                Trainer.spec("spirals(n=1000,classes=3)", "mlp(64,64)").lr(3e-3).epochs(8)));
        healthy(Trainer.diagnose("healthy: mlp on linear regression",
                Trainer.spec("linear(n=1000)", "mlp(32)")));
        TrainSpec sched = blobs("mlp(32,32)").sched("cosine").warmupEpochs(1).patience(2);
        healthy(Trainer.diagnose("healthy: warmup 1 epoch + cosine + patience", sched));
    }

    @Test
    void healthyFashionMnistBaseline() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "dataset-fashion-mnist not installed");
        TrainSpec s = Trainer.spec("fashion-mnist", "mlp(256,128)").epochs(2).batch(128).limit(60);
        healthy(Trainer.diagnose("healthy: fashion-mnist mlp(256,128), adam 1e-3", s));
        healthy(Trainer.diagnose("healthy: fashion-mnist mlp(256,128), sgd 0.1", s.copy().opt("sgd").lr(0.1)));
    }

    // ------------------------------------------------------------------ rules 1, 11b: input scale

    @Test
    void rawPixelsRaiseInitialLossAndDataScale() {
        List<Finding> f = Trainer.diagnose("raw pixels", Trainer.spec("pixels", "mlp(32,32)").data(Data.pixels(600, 4, 1, false)));
        Finding init = raises(f, "initial-loss");
        assertTrue(init.message().contains("not standardised"), init.message());
        assertTrue(raises(f, "data-scale").message().contains("0–255"));
        List<Finding> g = Trainer.diagnose("pixels / 255", Trainer.spec("pixels", "mlp(32,32)").data(Data.pixels(600, 4, 1, true)));
        healthy(g);
    }

    // ------------------------------------------------------------------ rules 2, 8: LR far too low

    @Test
    void lrFarTooLowRaisesNotFallingAndUpdateRatio() {
        TrainSpec s = blobs("mlp(32,32)").opt("sgd").lr(1e-6);
        List<Finding> f = Trainer.diagnose("sgd lr=1e-6", s);
        Finding nf = raises(f, "not-falling");
        Finding ur = raises(f, "update-ratio");
        // one LR for the run: the measured step size (update-ratio) owns it, not-falling refers to it
        assertTrue(ur.remedy().startsWith("lr="), ur.remedy());
        assertTrue(nf.remedy().startsWith("(lr as for update-ratio above)"), nf.remedy());
        assertEquals(ur, Doctor.primary(f));
        List<Finding> g = Trainer.diagnose("remedy " + ur.remedy(), Remedy.apply(s, ur.remedy()));
        clears(g, "not-falling");
        clears(g, "update-ratio");
        healthy(g);
    }

    // ------------------------------------------------------------------ rule 3: divergence

    @Test
    void lrFarTooHighDiverges() {
        TrainSpec s = blobs("mlp(32,32)").opt("sgd").lr(20);
        Finding d = raises(Trainer.diagnose("sgd lr=20", s), "divergence");
        assertEquals(Severity.PROBLEM, d.severity());
        assertTrue(d.step() >= 0);
        assertTrue(d.remedy().contains("clip=1"), d.remedy());
        clears(Trainer.diagnose("remedy " + d.remedy(), Remedy.apply(s, d.remedy())), "divergence");
    }

    // ------------------------------------------------------------------ rule 4: oscillation

    @Test
    void highLrAndTinyBatchesOscillate() {
        TrainSpec s = blobs("mlp(32,32)").lr(0.1).epochs(4);
        Finding o = raises(Trainer.diagnose("adam lr=0.1", s), "oscillation");
        assertTrue(o.evidence().contains("train_loss rose"), o.evidence());
        healthy(Trainer.diagnose("remedy " + o.remedy(), Remedy.apply(s, o.remedy())));
        // small batches over overlapping classes: noisy steps, but the epochs do not bounce — no false alarm
        healthy(Trainer.diagnose("adam lr=0.01 batch=16 (sampling noise only)", blobs("mlp(32,32)").lr(0.01).batch(16)
                .epochs(3)));
    }

    // ------------------------------------------------------------------ rule 5: exploding gradients

    @Test
    void gradientSpikesSuggestAClip() {
        TrainSpec s = blobs("mlp(32,32)").opt("sgd").lr(3);
        s.gradEvery(1);
        Finding e = raises(Trainer.diagnose("sgd lr=3, grad norms every step", s), "exploding-gradients");
        assertTrue(e.remedy().startsWith("clip="), e.remedy());
        clears(Trainer.diagnose("remedy " + e.remedy(), Remedy.apply(s, e.remedy())), "exploding-gradients");
    }

    // ------------------------------------------------------------------ rule 6: vanishing gradients

    @Test
    void deepSigmoidNetVanishes() {
        TrainSpec s = blobs("mlp(16,16,16,16,16,16,16,16,16,16)");
        s.act("sigmoid");
        Finding v = raises(Trainer.diagnose("10-layer sigmoid mlp", s), "vanishing-gradients");
        assertEquals("act=relu norm=batchnorm", v.remedy());
        healthy(Trainer.diagnose("remedy " + v.remedy(), Remedy.apply(s, v.remedy())));
    }

    // ------------------------------------------------------------------ rule 7: dead units

    @Test
    void hugeStepsKillReluUnits() {
        TrainSpec s = blobs("mlp(32,32)").lr(1).epochs(3);
        Finding d = raises(Trainer.diagnose("adam lr=1", s), "dead-units");
        assertTrue(d.remedy().startsWith("act=leakyrelu"), d.remedy());
        clears(Trainer.diagnose("remedy " + d.remedy(), Remedy.apply(s, d.remedy())), "dead-units");
    }

    // ------------------------------------------------------------------ rule 9: overfitting

    @Test
    void tinyTrainingSetWithManyEpochsOverfits() {
        TrainSpec s = Trainer.spec("spirals(n=60,classes=3)", "mlp(256,256)").lr(1e-2).epochs(60).val("split=0.5");
        Finding o = raises(Trainer.diagnose("30 spiral points, 60 epochs", s), "overfitting");
        assertTrue(o.epoch() > 1 && o.epoch() < 60, "epoch where they part: " + o.epoch());
        assertTrue(o.remedy().contains("patience="), o.remedy());
        List<Finding> g = Trainer.diagnose("remedy " + o.remedy(), Remedy.apply(s, o.remedy()));
        clears(g, "overfitting");
    }

    // ------------------------------------------------------------------ rule 10: underfitting

    @Test
    void linearModelOnSpiralsUnderfits() {
        TrainSpec s = Trainer.spec("spirals(n=600,classes=3)", "linear").epochs(15);
        Finding u = raises(Trainer.diagnose("linear on spirals", s), "underfitting");
        assertTrue(u.remedy().contains("model=mlp("), u.remedy());
        clears(Trainer.diagnose("remedy " + u.remedy(), Remedy.apply(s, u.remedy())), "underfitting");
    }

    @Test
    void shuffledLabelsLookLikeNothingLearned() {
        TrainSpec s = Trainer.spec("shuffled", "mlp(32,32)").data(Data.shuffledLabels(Data.blobs(1000, 3, 1), 3))
                .epochs(6);
        Finding u = raises(Trainer.diagnose("shuffled labels", s), "underfitting");
        // the data profile cannot see shuffled labels: the doctor says what it measured, and blames no labels
        assertTrue(u.message().contains("learned almost nothing"), u.message());
        assertFalse(u.message().contains("label") || u.remedy().contains("label"), u.toString());
    }

    // ------------------------------------------------------------------ rule 11: data checks

    @Test
    void nanInjectedIntoInputs() {
        List<Finding> f = Trainer.diagnose("3 NaN inputs",
                Trainer.spec("nan", "mlp(32,32)").data(Data.withNaN(Data.blobs(1000, 3, 1), 3, 1)));
        assertEquals(Severity.PROBLEM, raises(f, "data-non-finite").severity());
        Finding d = raises(f, "divergence");
        assertTrue(d.remedy().contains("NaN/Inf inputs"), d.remedy());
        healthy(Trainer.diagnose("clean inputs", blobs("mlp(32,32)")));
    }

    @Test
    void oneBasedLabels() {
        List<Finding> f = Trainer.diagnose("labels 1..3",
                Trainer.spec("1-based", "mlp(32,32)").data(Data.blobs(1000, 3, 1, 1, 0, 1)));
        Finding l = raises(f, "label-range");
        assertEquals("subtract 1 from the labels before %train", l.remedy());
        clears(f, "class-imbalance");
        healthy(Trainer.diagnose("labels 0..2", blobs("mlp(32,32)")));
    }

    @Test
    void strongClassImbalance() {
        Finding c = raises(Trainer.diagnose("96/4 classes",
                Trainer.spec("imbalanced", "mlp(32,32)").data(Data.imbalanced(1000, 0.96, 1))), "class-imbalance");
        assertTrue(c.message().contains("always predicting class 0"), c.message());
    }

    @Test
    void modelBuiltForOtherInputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock wrong = new SequentialBlock().add(Linear.builder().setUnits(16).build())
                    .add(Linear.builder().setUnits(3).build());
            wrong.initialize(m, DataType.FLOAT32, new Shape(1, 784));
            RunRecord r = Trainer.train(Trainer.spec("blobs", "x").data(Data.blobs(300, 3, 1)).model(wrong));
            List<Finding> f = Doctor.standard().diagnose(r);
            Finding s = raises(f, "shape-mismatch");
            assertTrue(s.remedy().contains("[2]"), s.remedy());
            clears(f, "run-failed");
            SequentialBlock right = new SequentialBlock().add(Linear.builder().setUnits(16).build())
                    .add(Linear.builder().setUnits(3).build());
            right.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            clears(Trainer.diagnose("block for [2]", Trainer.spec("blobs", "x").data(Data.blobs(300, 3, 1)).model(right)),
                    "shape-mismatch");
        }
    }

    @Test
    void mseOnClassIds() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainSpec s = Trainer.spec("ids", "mlp(32,32)").data(Data.floatLabelBlobs(m, 1000, 3, 1, 32)).loss("mse");
            Finding l = raises(Trainer.diagnose("mse on class ids", s), "loss-mismatch");
            assertEquals("loss=ce", l.remedy());
            healthy(Trainer.diagnose("remedy " + l.remedy(), Remedy.apply(s, l.remedy())));
        }
    }

    // ------------------------------------------------------------------ rule 12: schedules

    @Test
    void warmupLongerThanTheRun() {
        TrainSpec s = blobs("mlp(32,32)").warmupSteps(1000);
        Finding w = raises(Trainer.diagnose("warmup=1000s, 145 steps", s), "schedule-warmup");
        assertEquals(Severity.PROBLEM, w.severity());
        assertTrue(w.evidence().contains("1000"), w.evidence());
        healthy(Trainer.diagnose("remedy " + w.remedy(), Remedy.apply(s, w.remedy())));
    }

    @Test
    void cosineEndingAboveItsStart() {
        TrainSpec s = blobs("mlp(32,32)").sched("cosine");
        s.finalLr(1e-2);
        Finding r = raises(Trainer.diagnose("cosine final=1e-2 > lr", s), "schedule-rising");
        clears(Trainer.diagnose("remedy " + r.remedy(), Remedy.apply(s, r.remedy())), "schedule-rising");
    }

    @Test
    void stepDecayReachingZeroEarly() {
        TrainSpec s = blobs("mlp(32,32)").sched("step");
        s.stepSize(1);
        Finding z = raises(Trainer.diagnose("step=1 gamma=0.1", s), "schedule-zero-early");
        assertTrue(z.step() > 0 && z.epoch() > 1);
        clears(Trainer.diagnose("remedy " + z.remedy(), Remedy.apply(s, z.remedy())), "schedule-zero-early");
    }

    // ------------------------------------------------------------------ rule 13: finder gap; lrfind rules

    @Test
    void lrFarFromTheFindersSuggestion() {
        TrainSpec s = blobs("mlp(32,32)");
        LrFindResult lf = Trainbook.lrfind(s);
        List<Finding> lff = Doctor.standard().diagnose(lf);
        healthy(lff);
        System.out.println("== lrfind: " + Doctor.summaryLine(lf, lff));
        RunRecord far = Trainer.train(s.copy().lr(1e-5)).lrFinderSuggestion(lf.suggested()); // as %train records it
        Finding g = raises(Doctor.standard().diagnose(far), "lr-vs-finder");
        assertEquals("lr=lrfind", g.remedy());
        RunRecord near = Trainer.train(Remedy.apply(s, g.remedy(), lf.suggested()));
        clears(Doctor.standard().diagnose(near), "lr-vs-finder");
    }

    @Test
    void rangeTestOnShuffledLabelsNeverFalls() {
        TrainSpec s = Trainer.spec("shuffled", "mlp(32,32)").data(Data.shuffledLabels(Data.blobs(1000, 3, 1), 3));
        LrFindResult lf = Trainbook.lrfind(s);
        List<Finding> f = Doctor.standard().diagnose(lf);
        System.out.println("== lrfind shuffled: " + Doctor.summaryLine(lf, f));
        f.forEach(x -> System.out.println("   " + Doctor.format(x)));
        assertFalse(Doctor.isHealthy(f), f::toString);
    }

    @Test
    void rangeTestThatStopsTooEarlyNeverFalls() {
        LrFindResult lf = Trainbook.lrfind(blobs("mlp(32,32)"), 1e-7, 1e-5, 40, "exp");
        List<Finding> f = Doctor.standard().diagnose(lf);
        System.out.println("== lrfind 1e-7…1e-5: " + Doctor.summaryLine(lf, f));
        Finding n = raises(f, "lrfind-never-fell");
        assertEquals("end=10", n.remedy());
        double end = Double.parseDouble(n.remedy().substring("end=".length()));
        LrFindResult wider = Trainbook.lrfind(blobs("mlp(32,32)"), 1e-7, end, 60, "exp");
        clears(Doctor.standard().diagnose(wider), "lrfind-never-fell");
    }

    @Test
    void rangeTestStartingFarTooHighDivergesImmediately() {
        LrFindResult lf = Trainbook.lrfind(blobs("mlp(32,32)").opt("sgd"), 50, 1e4, 30, "exp");
        List<Finding> f = Doctor.standard().diagnose(lf);
        System.out.println("== lrfind 50…1e4: " + Doctor.summaryLine(lf, f));
        Finding d = raises(f, "lrfind-diverged-immediately");
        assertEquals(Severity.PROBLEM, d.severity());
        assertTrue(d.remedy().startsWith("start=0.5"), d.remedy());
    }

    // ------------------------------------------------------------------ rule 14: engine notes

    @Test
    void engineCapabilityNotesAreStated() {
        List<Finding> f = Trainer.diagnose("notes", blobs("mlp(32,32)").epochs(1));
        assertTrue(f.stream().anyMatch(x -> x.rule().equals("engine-note") && x.severity() == Severity.INFO
                && x.message().toLowerCase().contains("mixed precision")), f::toString);
        healthy(f);
    }
}
