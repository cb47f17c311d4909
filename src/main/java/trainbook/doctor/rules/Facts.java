package trainbook.doctor.rules;

import trainbook.doctor.Thresholds;
import trainbook.engine.TrainSpec;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.Finding;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;
import trainbook.engine.run.StepRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Read-only views of a {@link RunRecord} that several rules share: the resolved loss, the random-guess loss, the
 * spec's numbers, the gradient-norm and update-ratio series, and number formatting for evidence and remedies.
 */
public final class Facts {
    private Facts() {}

    /** What the learning rate most likely is, judged from the update ratio or the optimizer's usual range. */
    public enum LrHint { TOO_LOW, TOO_HIGH, UNKNOWN }

    // ---------------------------------------------------------------- spec

    /** The learning rate of the run (spec {@code lr}), NaN when unknown. */
    public static double lr(RunRecord r) {
        return SpecView.of(r).lr();
    }

    /** Optimizer name (spec {@code opt}), {@code adam} when absent. */
    public static String opt(RunRecord r) {
        return SpecView.of(r).opt();
    }

    /**
     * The loss actually used: the spec's {@code loss}, or by task when {@code auto} (ce for classification, mse for
     * regression); {@code custom} for a notebook lambda; {@code unknown} when neither spec nor data say.
     */
    public static String lossKind(RunRecord r) {
        String l = SpecView.of(r).loss();
        if (l.startsWith("<")) return "custom";
        if (!"auto".equals(l)) return l;
        DataProfile d = r.data();
        if (d == null) return "unknown";
        if (d.isClassification()) return "ce";
        if ("regression".equals(d.task())) return "mse";
        return "unknown";
    }

    /**
     * The loss a model would score at random initialisation: ln C for cross-entropy, ln 2 for BCE, var(y) for MSE
     * (the loss of the best constant guess). NaN when it cannot be known (custom loss, MAE/Huber, no profile).
     */
    public static double randomGuessLoss(RunRecord r) {
        String loss = lossKind(r);
        DataProfile d = r.data();
        switch (loss) {
            case "ce":
                if (d == null || d.numClasses() < 2) return Double.NaN;
                return Math.log(d.numClasses());
            case "bce":
                return Math.log(2);
            case "mse":
                if (d == null || !(d.targetVar() > 0)) return Double.NaN;
                return d.targetVar();
            default:
                return Double.NaN;
        }
    }

    /** Whether the run is a warm start ({@code init=run:NAME}): its initial loss is not a random guess. */
    public static boolean warmStart(RunRecord r) {
        return !SpecView.of(r).init().isEmpty();
    }

    // ---------------------------------------------------------------- steps

    /** Losses of all steps, in step order (non-finite values included). */
    public static double[] losses(RunRecord r) {
        List<StepRecord> s = r.steps();
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = s.get(i).loss();
        return v;
    }

    /** Index into {@link RunRecord#steps()} of the first non-finite loss, or -1. */
    public static int firstNonFiniteLoss(RunRecord r) {
        List<StepRecord> s = r.steps();
        for (int i = 0; i < s.size(); i++) if (!Double.isFinite(s.get(i).loss())) return i;
        return -1;
    }

    /** Mean of the first {@link Thresholds#INITIAL_WINDOW} finite losses, NaN when there are none. */
    public static double initialLoss(RunRecord r) {
        double s = 0;
        int n = 0;
        for (StepRecord st : r.steps()) {
            if (n == Thresholds.INITIAL_WINDOW) break;
            if (Double.isFinite(st.loss())) {
                s += st.loss();
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** The 1-based epoch of global step {@code step}, or -1 when the record has no such step. */
    public static int epochOfStep(RunRecord r, int step) {
        if (step < 0) return -1;
        List<StepRecord> s = r.steps();
        if (step < s.size() && s.get(step).step() == step) return s.get(step).epoch();
        for (StepRecord st : s) if (st.step() == step) return st.epoch();
        if (r.stepsPerEpoch() > 0) return step / r.stepsPerEpoch() + 1;
        return -1;
    }

    /** One measured value at a step. */
    public record Point(int step, double value) {}

    /**
     * Global gradient norms in step order: from the steps' {@code gradNorm} where measured (non-finite norms are
     * kept, they are evidence), else computed from the gradient samples' per-parameter norms.
     */
    public static List<Point> gradNorms(RunRecord r) {
        List<Point> out = new ArrayList<>();
        for (StepRecord st : r.steps()) if (!Double.isNaN(st.gradNorm())) out.add(new Point(st.step(), st.gradNorm()));
        if (!out.isEmpty()) return out;
        for (GradSample g : r.gradSamples()) {
            if (g.gradNorms().isEmpty()) continue;
            double s = 0;
            for (double v : g.gradNorms().values()) s += v * v;
            out.add(new Point(g.step(), Math.sqrt(s)));
        }
        return out;
    }

    /**
     * Global update:parameter ratios in step order: the steps' {@code updateRatio}, else the samples' {@code "*"}.
     * Each ratio is rescaled to the base LR (× lr / lr at that step) so a schedule's planned decay or warmup does
     * not read as a wrong LR; warmup steps are left out when later ones exist.
     */
    public static List<Point> updateRatios(RunRecord r) {
        double base = lr(r);
        List<Point> out = new ArrayList<>();
        for (StepRecord st : r.steps()) {
            if (Double.isFinite(st.updateRatio())) out.add(new Point(st.step(), atBase(st.updateRatio(), base, st.lr())));
        }
        if (out.isEmpty()) {
            double[] sched = r.schedule();
            for (GradSample g : r.gradSamples()) {
                Double v = g.updateRatios().get("*");
                if (v == null || !Double.isFinite(v)) continue;
                double at = g.step() >= 0 && g.step() < sched.length ? sched[g.step()] : Double.NaN;
                out.add(new Point(g.step(), atBase(v, base, at)));
            }
        }
        int w = r.warmupSteps();
        if (w > 0) {
            List<Point> after = out.stream().filter(p -> p.step() >= w).toList();
            if (!after.isEmpty()) return after;
        }
        return out;
    }

    private static double atBase(double ratio, double base, double lrAtStep) {
        return base > 0 && lrAtStep > 0 && Double.isFinite(lrAtStep) ? ratio * base / lrAtStep : ratio;
    }

    /** The values of a series. */
    public static double[] values(List<Point> pts) {
        double[] v = new double[pts.size()];
        for (int i = 0; i < v.length; i++) v[i] = pts.get(i).value();
        return v;
    }

    /** Weight parameters (name ends in {@code weight}) of a gradient sample, first layer to last. */
    public static List<Map.Entry<String, Double>> weightNorms(GradSample g) {
        List<Map.Entry<String, Double>> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : g.gradNorms().entrySet()) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (n.endsWith("weight") || n.endsWith("weights")) out.add(e);
        }
        return out;
    }

    /** Total optimizer steps the run planned: the schedule preview's length, else steps/epoch × epochs. */
    public static int plannedSteps(RunRecord r) {
        if (r.schedule().length > 0) return r.schedule().length;
        int e = r.plannedEpochs();
        return r.stepsPerEpoch() > 0 && e > 0 ? r.stepsPerEpoch() * e : 0;
    }

    /**
     * What the data profile shows against the data or labels (labels outside the classes, NaN/Inf or unscaled
     * inputs), as the data rules word it; empty when it shows nothing. A finding may blame the data or the labels
     * only when this is non-empty: the doctor never guesses at labels it cannot check.
     */
    public static String dataEvidence(RunRecord r) {
        for (trainbook.doctor.Rule rule : List.of(new LabelRangeRule(), new DataNonFiniteRule(), new DataScaleRule())) {
            List<Finding> f = rule.check(r);
            for (Finding x : f) if (x.severity() != Severity.INFO) return x.rule() + ": " + x.evidence();
        }
        return "";
    }

    /**
     * Whether the LR looks too low or too high: the median update ratio decides when measured, else the LR is
     * compared with the optimizer's usual range (adaptive optimizers 1e-5…1e-2, SGD-family 1e-3…1).
     */
    public static LrHint lrHint(RunRecord r) {
        double[] ratios = values(updateRatios(r));
        if (ratios.length >= Thresholds.UPDATE_RATIO_MIN_SAMPLES) {
            double m = Stats.median(ratios);
            if (m < Thresholds.UPDATE_RATIO_LOW) return LrHint.TOO_LOW;
            if (m > Thresholds.UPDATE_RATIO_HIGH) return LrHint.TOO_HIGH;
        }
        double lr = lr(r);
        if (!(lr > 0)) return LrHint.UNKNOWN;
        boolean adaptive = switch (opt(r)) {
            case "adam", "adamw", "rmsprop" -> true;
            default -> false;
        };
        double lo = adaptive ? 1e-5 : 1e-3, hi = adaptive ? 1e-2 : 1.0;
        if (lr < lo) return LrHint.TOO_LOW;
        if (lr > hi) return LrHint.TOO_HIGH;
        return LrHint.UNKNOWN;
    }

    /**
     * A better learning rate when the current one looks off: scaled so the median update ratio lands on
     * {@link Thresholds#UPDATE_RATIO_TARGET} when ratios were measured (capped at 10⁴× either way), else ×10 or
     * ÷10 by {@link #lrHint}; NaN when the LR is unknown or looks fine.
     */
    public static double suggestLr(RunRecord r) {
        double lr = lr(r);
        if (!(lr > 0)) return Double.NaN;
        LrHint hint = lrHint(r);
        if (hint == LrHint.UNKNOWN) return Double.NaN;
        double[] ratios = values(updateRatios(r));
        if (ratios.length >= Thresholds.UPDATE_RATIO_MIN_SAMPLES) {
            double m = Stats.median(ratios);
            if (m > 0) {
                double f = Math.max(1e-4, Math.min(1e4, Thresholds.UPDATE_RATIO_TARGET / m));
                if ((hint == LrHint.TOO_LOW && f > 1) || (hint == LrHint.TOO_HIGH && f < 1)) return nice(lr * f);
            }
        }
        return nice(hint == LrHint.TOO_LOW ? lr * 10 : lr / 10);
    }

    // ---------------------------------------------------------------- formatting

    /** Number for evidence: compact, 4 significant digits ({@code 2.303}, {@code 1.5e-4}, {@code inf}). */
    public static String n(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return TrainSpec.num(v);
    }

    /** Rounds to one significant digit from {1, 2, 3, 5} × 10^k: a value a person would type as a remedy. */
    public static double nice(double v) {
        if (!(v > 0) || Double.isInfinite(v)) return v;
        double e = Math.floor(Math.log10(v));
        double m = v / Math.pow(10, e);
        double[] steps = {1, 2, 3, 5, 10};
        double best = 1;
        for (double s : steps) if (Math.abs(Math.log(m / s)) < Math.abs(Math.log(m / best))) best = s;
        return Double.parseDouble(String.format(Locale.ROOT, "%.1e", best * Math.pow(10, e)));
    }

    /** Rounds to two significant digits. */
    public static double round2(double v) {
        if (v == 0 || !Double.isFinite(v)) return v;
        return Double.parseDouble(String.format(Locale.ROOT, "%.1e", v));
    }

    /** A {@code %train} value as the magics spell it. */
    public static String key(String k, double v) {
        return k + "=" + TrainSpec.num(v);
    }

    /** Builds a finding pointing at a step (its epoch looked up), or at nothing when step is -1. */
    public static Finding atStep(RunRecord r, Severity s, String rule, String message, String evidence, String remedy,
                                 int step) {
        return new Finding(s, rule, message, evidence, remedy, step, epochOfStep(r, step));
    }

    /** Builds a finding pointing at an epoch, or at nothing when epoch is -1. */
    public static Finding atEpoch(Severity s, String rule, String message, String evidence, String remedy, int epoch) {
        return new Finding(s, rule, message, evidence, remedy, -1, epoch);
    }

    /** Builds a finding about the run as a whole. */
    public static Finding general(Severity s, String rule, String message, String evidence, String remedy) {
        return new Finding(s, rule, message, evidence, remedy, -1, -1);
    }

    /** Joins remedy parts with spaces, skipping blanks. */
    public static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isBlank()) continue;
            if (b.length() > 0) b.append(' ');
            b.append(p.trim());
        }
        return b.toString();
    }
}
