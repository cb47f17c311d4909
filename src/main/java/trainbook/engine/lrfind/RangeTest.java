package trainbook.engine.lrfind;

import trainbook.engine.model.ParamCopies;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import trainbook.engine.Cancellation;
import trainbook.engine.TrainSpec;
import trainbook.engine.data.HostData;
import trainbook.engine.loop.TrainingSession;
import trainbook.engine.optim.UpdateRule;
import trainbook.engine.optim.Optimizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The LR range test ({@code %lrfind}): trains for a few steps while the learning rate ramps from {@code start}
 * to {@code end} (exponentially by default, or linearly), records the loss, smooths it ({@link Smoother}, β 0.98)
 * and stops early once the smoothed loss exceeds 4× its best or turns non-finite. {@link Suggestions} then reads
 * the curve. The model's parameters (including batch-norm statistics) are copied before and written back after,
 * bit for bit; the optimizer is a fresh one that is discarded; the engine's random generator is re-seeded with the
 * spec's seed afterwards, so a later {@code %train} starts exactly as it would have without the test.
 */
public final class RangeTest {
    public static final double DEFAULT_START = 1e-7;
    public static final double DEFAULT_END = 10;
    public static final int DEFAULT_STEPS = 100;

    private final TrainSpec spec;
    private final double start;
    private final double end;
    private final int steps;
    private final String mode;
    private final String rule;

    private RangeTest(Builder b) {
        this.spec = b.spec.copy();
        this.start = b.start;
        this.end = b.end;
        this.steps = b.steps;
        this.mode = b.mode;
        this.rule = b.rule;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a range test; {@link #build()} validates. */
    public static final class Builder {
        private TrainSpec spec;
        private double start = DEFAULT_START;
        private double end = DEFAULT_END;
        private int steps = DEFAULT_STEPS;
        private String mode = "exp";
        private String rule = Suggestions.VALLEY;

        /** The run to test (model, data, optimizer, batch, clip...); required. */
        public Builder spec(TrainSpec s) { this.spec = s; return this; }
        public Builder start(double v) { this.start = v; return this; }
        public Builder end(double v) { this.end = v; return this; }
        public Builder steps(int v) { this.steps = v; return this; }
        /** {@code exp} (default) or {@code linear}. */
        public Builder mode(String v) { this.mode = v; return this; }
        /** Rule whose answer becomes the suggestion: valley (default), steep, minimum/10, slide. */
        public Builder rule(String v) { this.rule = v; return this; }

        public RangeTest build() {
            if (spec == null) throw new IllegalArgumentException("range test needs a spec: RangeTest.builder().spec(spec)");
            if (!(start > 0) || Double.isInfinite(start)) {
                throw new IllegalArgumentException("start '" + start + "': expected a learning rate > 0, e.g. 1e-7");
            }
            if (!(end > start) || Double.isInfinite(end)) {
                throw new IllegalArgumentException("end '" + end + "': expected a learning rate above start " + start);
            }
            if (steps < 5) throw new IllegalArgumentException("steps '" + steps + "': expected at least 5, e.g. 100");
            String m = mode == null ? "exp" : mode.trim().toLowerCase(Locale.ROOT);
            if (m.equals("exponential")) m = "exp";
            if (!m.equals("exp") && !m.equals("linear")) {
                throw new IllegalArgumentException("mode '" + mode + "': expected exp or linear");
            }
            mode = m;
            List<String> rules = List.of(Suggestions.VALLEY, Suggestions.STEEP, Suggestions.MINIMUM, Suggestions.SLIDE);
            if (!rules.contains(rule)) {
                throw new IllegalArgumentException("rule '" + rule + "': valid: " + String.join(", ", rules));
            }
            return new RangeTest(this);
        }
    }

    /** The learning rate at ramp step {@code i} of {@code n}. */
    public static double lrAt(int i, int n, double start, double end, String mode) {
        double t = n <= 1 ? 0 : (double) i / (n - 1);
        return "linear".equals(mode) ? start + (end - start) * t : start * Math.pow(end / start, t);
    }

    /** Runs the test on a fresh session built from the spec (or on the Block the spec hands in). */
    public LrFindResult run() {
        try (Cancellation.Scope ignored = Cancellation.current().cooperative()) {
            Cancellation.current().beginWork();
            TrainingSession s = TrainingSession.open(spec);
            try {
                return run(s);
            } finally {
                s.closeModel();
            }
        }
    }

    /** Runs the test on an open session, restoring its model afterwards. */
    public LrFindResult run(TrainingSession s) {
        PairList<String, Parameter> params = s.parameters();
        List<double[]> curve = new ArrayList<>();
        RangeStop stop = RangeStop.COMPLETED;
        try (NDManager snap = NDManager.newBaseManager(s.device())) {
            List<NDArray> saved = ParamCopies.snapshot(params, snap);
            UpdateRule opt = Optimizers.create(spec);
            try (opt) {
                Random rnd = new Random(spec.seed());
                int n = s.trainData().size();
                int[] perm = HostData.permutation(n, rnd);
                int pos = 0;
                Smoother sm = new Smoother();
                for (int i = 0; i < steps; i++) {
                    if (Cancellation.current().stopRequested()) {
                        stop = RangeStop.INTERRUPTED;
                        break;
                    }
                    if (pos >= n) {
                        perm = HostData.permutation(n, rnd);
                        pos = 0;
                    }
                    int to = Math.min(n, pos + spec.batch());
                    double lr = lrAt(i, steps, start, end, mode);
                    TrainingSession.StepOut out = s.trainStep(perm, pos, to, opt, i, (float) lr, false, null);
                    pos = to;
                    double smoothed = sm.add(out.loss());
                    curve.add(new double[]{lr, out.loss(), smoothed});
                    if (sm.diverged()) {
                        stop = RangeStop.DIVERGED;
                        break;
                    }
                }
            } finally {
                ParamCopies.restore(params, saved);
                Engine.getInstance().setRandomSeed((int) spec.seed());
            }
        }
        double[] lrs = curve.stream().mapToDouble(c -> c[0]).toArray();
        double[] losses = curve.stream().mapToDouble(c -> c[1]).toArray();
        double[] smoothed = curve.stream().mapToDouble(c -> c[2]).toArray();
        LinkedHashMap<String, Double> sugg = Suggestions.all(lrs, smoothed);
        String chosen = rule;
        Double value = sugg.get(rule);
        if (value == null && !sugg.isEmpty()) {
            chosen = sugg.keySet().iterator().next();
            value = sugg.get(chosen);
        }
        double suggested = value == null ? Double.NaN : value;
        int confidence = value == null ? 0 : Suggestions.confidence(sugg, suggested);
        return new LrFindResult(lrs, losses, smoothed, sugg, chosen, suggested, confidence, stop, mode);
    }



    @Override
    public String toString() {
        return "RangeTest[" + start + " → " + end + ", " + steps + " steps, " + mode + ", " + Arrays.asList(rule) + "]";
    }
}
