package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 12c: the planned LR falls to ~0 (below {@link Thresholds#LR_ZERO_FRACTION} of its peak) before
 * {@link Thresholds#LR_ZERO_EARLY} of the run: the remaining steps barely train.
 */
public final class ScheduleZeroRule implements Rule {
    public static final String ID = "schedule-zero-early";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "learning rate reaches ~0 before " + n(Thresholds.LR_ZERO_EARLY * 100) + " % of the run";
    }

    @Override public List<Finding> check(RunRecord r) {
        double[] s = r.schedule();
        if (s.length < 2) return List.of();
        double peak = 0;
        for (double v : s) if (Double.isFinite(v)) peak = Math.max(peak, v);
        if (!(peak > 0)) return List.of();
        int from = Math.max(0, Math.min(r.warmupSteps(), s.length - 1));
        int z = -1;
        for (int i = from; i < s.length; i++) {
            if (s[i] <= Thresholds.LR_ZERO_FRACTION * peak * (1 + 1e-9)) { // tolerance: 0.1³ lands on the line
                z = i;
                break;
            }
        }
        if (z < 0 || z >= Thresholds.LR_ZERO_EARLY * s.length) return List.of();
        String sched = SpecView.of(r).sched();
        double gamma = SpecView.of(r).gamma();
        String remedy;
        if ((sched.equals("step") || sched.equals("multistep") || sched.equals("exp")) && gamma > 0 && gamma < 1) {
            remedy = Facts.key("gamma", Facts.nice(Math.sqrt(gamma)));
        } else {
            remedy = Facts.key("final", Facts.nice(peak / 100));
        }
        double wasted = 100.0 * (s.length - z) / s.length;
        int epoch = r.stepsPerEpoch() > 0 ? z / r.stepsPerEpoch() + 1 : -1;
        return List.of(new Finding(Severity.WARNING, ID,
                "The learning rate reaches ~0 at step " + z + (epoch > 0 ? " (epoch " + epoch + ")" : "") + ", so the last "
                        + n(wasted) + " % of the run barely trains.",
                "planned lr " + n(s[z]) + " at step " + z + " of " + s.length + " vs peak " + n(peak) + " (sched="
                        + sched + ")",
                remedy, z, epoch));
    }
}
