package trainbook.doctor;

import trainbook.engine.TrainSpec;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * Fixture builder: synthetic run records that look like what the engine records for a healthy run (noisy batch
 * losses decaying from the random-guess value, sampled gradient norms, update ratios near 3e-3, a few dead units,
 * per-epoch train/val losses), plus helpers to break one aspect at a time.
 */
final class Records {
    private Records() {}

    /** Mutable description of a synthetic run. */
    static final class Builder {
        long seed = 1;
        int classes = 10;          // 0 → regression
        int stepsPerEpoch = 40;
        int epochs = 5;
        int gradEvery = 10;
        double lr = 1e-3;
        String opt = "adam";
        double noise = 0.12;       // relative batch noise of the loss
        double floorFraction = 0.15; // final loss as a fraction of the start
        double tau = 60;           // decay time constant in steps
        double targetVar = 4.0;    // regression only
        double valGap = 1.05;      // val/train loss ratio
        double updateRatio = 3e-3; // median update:param ratio

        Builder seed(long s) { seed = s; return this; }
        Builder classes(int c) { classes = c; return this; }
        Builder regression() { classes = 0; return this; }
        Builder steps(int perEpoch, int e) { stepsPerEpoch = perEpoch; epochs = e; return this; }
        Builder lr(double v) { lr = v; return this; }
        Builder opt(String v) { opt = v; return this; }
        Builder noise(double v) { noise = v; return this; }

        RunRecord build() {
            Random rnd = new Random(seed);
            boolean cls = classes > 0;
            TrainSpec spec = new TrainSpec().model("mlp(64,32)").data(cls ? "blobs" : "linear").epochs(epochs).batch(32)
                    .lr(lr).opt(opt);
            RunRecord r = new RunRecord("healthy-" + seed).spec(spec.toMap());
            r.data(cls ? classification(classes) : Records.regression(targetVar));
            double start = cls ? Math.log(classes) : targetVar * 1.2;
            int n = stepsPerEpoch * epochs;
            double[] loss = new double[n];
            for (int t = 0; t < n; t++) {
                double clean = start * (floorFraction + (1 - floorFraction) * Math.exp(-t / tau));
                loss[t] = Math.max(1e-4, clean * (1 + noise * rnd.nextGaussian()));
            }
            for (int t = 0; t < n; t++) {
                boolean sampled = t % gradEvery == 0;
                double g = sampled ? (0.6 + 0.8 * Math.exp(-t / tau)) * Math.exp(0.25 * rnd.nextGaussian()) : Double.NaN;
                double u = sampled ? updateRatio * Math.exp(0.2 * rnd.nextGaussian()) : Double.NaN;
                r.steps().add(new StepRecord(t, t / stepsPerEpoch + 1, t % stepsPerEpoch, lr, loss[t], g, u, 4.0));
                if (sampled) {
                    LinkedHashMap<String, Double> norms = new LinkedHashMap<>();
                    norms.put("01Linear_weight", g * 0.45);
                    norms.put("01Linear_bias", g * 0.05);
                    norms.put("02Linear_weight", g * 0.55);
                    norms.put("02Linear_bias", g * 0.08);
                    norms.put("03Linear_weight", g * 0.7);
                    norms.put("03Linear_bias", g * 0.2);
                    LinkedHashMap<String, Double> ratios = new LinkedHashMap<>();
                    ratios.put("*", u);
                    r.gradSamples().add(new GradSample(t, norms, ratios));
                }
            }
            for (int e = 1; e <= epochs; e++) {
                double s = 0;
                for (int t = (e - 1) * stepsPerEpoch; t < e * stepsPerEpoch; t++) s += loss[t];
                double train = s / stepsPerEpoch;
                double val = train * valGap * (1 + 0.01 * rnd.nextGaussian());
                double acc = cls ? 1 - train / start * 0.8 : Double.NaN;
                r.epochs().add(new EpochRecord(e, train, val, acc, cls ? acc - 0.01 : Double.NaN, lr, 1.0));
            }
            r.deadUnits().put("01Linear", 0.12);
            r.deadUnits().put("02Linear", 0.21);
            double[] sched = new double[n];
            java.util.Arrays.fill(sched, lr);
            r.schedule(sched).stepsPerEpoch(stepsPerEpoch).warmupSteps(0);
            r.status(RunStatus.FINISHED).stopReason(StopReason.COMPLETED).bestEpoch(epochs).seconds(epochs);
            r.metrics().put("train_loss", r.epochs().get(epochs - 1).trainLoss());
            r.metrics().put("val_loss", r.epochs().get(epochs - 1).valLoss());
            return r;
        }
    }

    static Builder healthy() { return new Builder(); }

    static RunRecord healthy(long seed) { return new Builder().seed(seed).build(); }

    static DataProfile classification(int c) {
        long[] counts = new long[c];
        java.util.Arrays.fill(counts, 100);
        double mean = (c - 1) / 2.0;
        double var = (c * (double) c - 1) / 12.0;
        return new DataProfile("blobs", "classification", c, new long[]{2}, 100 * c, 20 * c, -3.4, 3.6, 0.01, 1.0, 0,
                0, c - 1, counts, mean, var, true, true);
    }

    static DataProfile regression(double var) {
        return new DataProfile("linear", "regression", 0, new long[]{5}, 800, 200, -3.1, 3.2, 0.0, 1.0, 0,
                -6.2, 6.0, new long[0], 0.0, var, false, true);
    }

    /** Copy of a profile with some fields replaced, through a small mutable mirror. */
    static final class P {
        String name, task; int numClasses; long[] sampleShape; int trainSize, valSize;
        double inputMin, inputMax, inputMean, inputStd; long nonFinite; double labelMin, labelMax;
        long[] classCounts; double targetMean, targetVar; boolean integerTargets, normalized;

        P(DataProfile d) {
            name = d.name(); task = d.task(); numClasses = d.numClasses(); sampleShape = d.sampleShape();
            trainSize = d.trainSize(); valSize = d.valSize(); inputMin = d.inputMin(); inputMax = d.inputMax();
            inputMean = d.inputMean(); inputStd = d.inputStd(); nonFinite = d.nonFiniteInputs();
            labelMin = d.labelMin(); labelMax = d.labelMax(); classCounts = d.classCounts();
            targetMean = d.targetMean(); targetVar = d.targetVar(); integerTargets = d.integerTargets();
            normalized = d.normalized();
        }

        DataProfile build() {
            return new DataProfile(name, task, numClasses, sampleShape, trainSize, valSize, inputMin, inputMax,
                    inputMean, inputStd, nonFinite, labelMin, labelMax, classCounts, targetMean, targetVar,
                    integerTargets, normalized);
        }
    }

    static void data(RunRecord r, java.util.function.Consumer<P> change) {
        P p = new P(r.data());
        change.accept(p);
        r.data(p.build());
    }

    /** Replaces every step's loss. */
    static void losses(RunRecord r, IntToDoubleFunction loss) {
        List<StepRecord> s = new ArrayList<>(r.steps());
        r.steps().clear();
        for (StepRecord st : s) {
            r.steps().add(new StepRecord(st.step(), st.epoch(), st.batch(), st.lr(), loss.applyAsDouble(st.step()),
                    st.gradNorm(), st.updateRatio(), st.millis()));
        }
    }

    /** Replaces the measured gradient norms (only at steps where one was measured). */
    static void gradNorms(RunRecord r, IntToDoubleFunction norm) {
        List<StepRecord> s = new ArrayList<>(r.steps());
        r.steps().clear();
        for (StepRecord st : s) {
            double g = Double.isNaN(st.gradNorm()) ? Double.NaN : norm.applyAsDouble(st.step());
            r.steps().add(new StepRecord(st.step(), st.epoch(), st.batch(), st.lr(), st.loss(), g, st.updateRatio(),
                    st.millis()));
        }
    }

    /** Replaces the measured update ratios (steps and samples). */
    static void updateRatios(RunRecord r, IntToDoubleFunction ratio) {
        List<StepRecord> s = new ArrayList<>(r.steps());
        r.steps().clear();
        for (StepRecord st : s) {
            double u = Double.isNaN(st.updateRatio()) ? Double.NaN : ratio.applyAsDouble(st.step());
            r.steps().add(new StepRecord(st.step(), st.epoch(), st.batch(), st.lr(), st.loss(), st.gradNorm(), u,
                    st.millis()));
        }
        List<GradSample> g = new ArrayList<>(r.gradSamples());
        r.gradSamples().clear();
        for (GradSample x : g) {
            LinkedHashMap<String, Double> u = new LinkedHashMap<>(x.updateRatios());
            u.put("*", ratio.applyAsDouble(x.step()));
            r.gradSamples().add(new GradSample(x.step(), x.gradNorms(), u));
        }
    }

    /** Replaces every epoch's train and val loss. */
    static void epochLosses(RunRecord r, double[] train, double[] val) {
        r.epochs().clear();
        for (int i = 0; i < train.length; i++) {
            r.epochs().add(new EpochRecord(i + 1, train[i], val == null ? Double.NaN : val[i], Double.NaN, Double.NaN,
                    1e-3, 1));
        }
        r.spec().put("epochs", Integer.toString(train.length));
    }
}
