package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 3: divergence. The loss became NaN/Inf, or its rolling median rose above {@link Thresholds#DIVERGE_FACTOR}×
 * its start. Names the step; remedy: lower LR and clip (and check inputs for NaN).
 */
public final class DivergenceRule implements Rule {
    public static final String ID = "divergence";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "loss became NaN/Inf or exploded above " + n(Thresholds.DIVERGE_FACTOR) + "× its start (names the step)";
    }

    @Override public List<Finding> check(RunRecord r) {
        List<StepRecord> steps = r.steps();
        String remedy = remedy(r);
        int bad = Facts.firstNonFiniteLoss(r);
        if (bad >= 0) {
            StepRecord s = steps.get(bad);
            String before = bad > 0 ? ", last finite loss " + n(steps.get(bad - 1).loss()) + " at step "
                    + steps.get(bad - 1).step() : ", at the very first step";
            return List.of(Facts.atStep(r, Severity.PROBLEM, ID,
                    "The loss became " + n(s.loss()) + " at step " + s.step() + " (epoch " + s.epoch() + ").",
                    "loss " + n(s.loss()) + " at step " + s.step() + before + ", lr " + n(s.lr()) + inputNote(r),
                    remedy, s.step()));
        }
        double[] loss = Facts.losses(r);
        double start = Facts.initialLoss(r);
        if (loss.length > Thresholds.INITIAL_WINDOW && start > 0) {
            double[] med = Stats.rollingMedian(loss, Thresholds.DIVERGE_SMOOTH);
            for (int i = Math.min(Thresholds.DIVERGE_SMOOTH, loss.length) - 1; i < loss.length; i++) {
                if (med[i] > Thresholds.DIVERGE_FACTOR * start) {
                    StepRecord s = steps.get(i);
                    return List.of(Facts.atStep(r, Severity.PROBLEM, ID,
                            "The loss exploded at step " + s.step() + " (epoch " + s.epoch() + "), "
                                    + n(med[i] / start) + "× its starting value.",
                            "rolling median of " + Thresholds.DIVERGE_SMOOTH + " losses " + n(med[i]) + " at step "
                                    + s.step() + " vs start " + n(start) + ", lr " + n(s.lr()),
                            remedy, s.step()));
                }
            }
        }
        StopReason why = r.stopReason();
        if (why == StopReason.NON_FINITE || why == StopReason.DIVERGED) {
            int step = steps.isEmpty() ? -1 : steps.get(steps.size() - 1).step();
            return List.of(Facts.atStep(r, Severity.PROBLEM, ID,
                    "The engine stopped the run because the loss " + (why == StopReason.NON_FINITE
                            ? "became non-finite" : "diverged") + ".",
                    "stop reason " + why.label() + (step >= 0 ? " after step " + step : ""), remedy, step));
        }
        return List.of();
    }

    private static String remedy(RunRecord r) {
        if (r.data() != null && r.data().nonFiniteInputs() > 0) {
            return "remove the NaN/Inf inputs first (see data-non-finite)";
        }
        double lr = Facts.lr(r);
        String lrPart = lr > 0 ? Facts.key("lr", Facts.nice(lr / 10)) : "";
        String clip = Double.isNaN(SpecView.of(r).clip()) ? "clip=1" : "";
        return Facts.join(lrPart, clip);
    }

    private static String inputNote(RunRecord r) {
        return r.data() != null && r.data().nonFiniteInputs() > 0
                ? "; the inputs hold " + r.data().nonFiniteInputs() + " NaN/Inf values" : "";
    }
}
