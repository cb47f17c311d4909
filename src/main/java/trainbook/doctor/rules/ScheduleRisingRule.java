package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/** Rule 12b: the schedule ends above the base LR (a final value or gamma that makes it rise instead of decay). */
public final class ScheduleRisingRule implements Rule {
    public static final String ID = "schedule-rising";

    @Override public String id() { return ID; }

    @Override public String description() { return "final learning rate above the initial (base) learning rate"; }

    @Override public List<Finding> check(RunRecord r) {
        double[] s = r.schedule();
        if (s.length < 2) return List.of();
        double base = Facts.lr(r);
        if (!(base > 0)) base = s[Math.min(Math.max(0, r.warmupSteps()), s.length - 1)];
        double last = s[s.length - 1];
        if (!(base > 0) || !Double.isFinite(last) || last <= Thresholds.FINAL_LR_RISE * base) return List.of();
        String sched = SpecView.of(r).sched();
        double gamma = SpecView.of(r).gamma();
        String remedy;
        if ((sched.equals("step") || sched.equals("multistep") || sched.equals("exp")) && gamma > 1) {
            remedy = Facts.key("gamma", Facts.nice(1 / gamma));
        } else {
            remedy = Facts.key("final", Facts.nice(base / 100));
        }
        return List.of(Facts.atStep(r, Severity.WARNING, ID,
                "The schedule ends at a higher learning rate than it starts (" + n(last) + " > " + n(base)
                        + "): decay schedules should end lower.",
                "planned lr " + n(base) + " → " + n(last) + " at step " + (s.length - 1) + " (sched=" + sched + ")",
                remedy, s.length - 1));
    }
}
