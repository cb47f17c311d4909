package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/** Rule 12a: warmup as long as the run (the LR never reaches its target) or longer than half of it. */
public final class ScheduleWarmupRule implements Rule {
    public static final String ID = "schedule-warmup";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "warmup as long as the whole run, or longer than " + n(Thresholds.WARMUP_WARN_FRACTION * 100) + " % of it";
    }

    @Override public List<Finding> check(RunRecord r) {
        int total = Facts.plannedSteps(r);
        int w = Math.max(r.warmupSteps(), specWarmup(r));
        if (w <= 0 || total <= 0) return List.of();
        double frac = (double) w / total;
        int suggest = Math.max(1, (int) Math.round(total * 0.1));
        String evidence = "warmup " + w + " steps of " + total + " planned (" + n(frac * 100) + " %)"
                + (r.stepsPerEpoch() > 0 ? ", " + r.stepsPerEpoch() + " steps per epoch" : "");
        String remedy = "warmup=" + suggest + "s";
        double lr = Facts.lr(r);
        if (w >= total) {
            return List.of(Facts.general(Severity.PROBLEM, ID,
                    "The warmup is as long as the whole run: the learning rate never reaches "
                            + (lr > 0 ? "lr=" + n(lr) : "its target") + ".",
                    evidence, remedy));
        }
        if (frac > Thresholds.WARMUP_WARN_FRACTION) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    "The warmup takes " + n(frac * 100) + " % of the run, leaving little training at the full "
                            + "learning rate.", evidence, remedy));
        }
        return List.of();
    }

    /** Warmup steps as the spec asked for them ({@code 500s} or epochs), before the engine capped them. */
    private static int specWarmup(RunRecord r) {
        return SpecView.of(r).warmupSteps(r.stepsPerEpoch());
    }
}
