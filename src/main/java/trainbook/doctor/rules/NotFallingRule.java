package trainbook.doctor.rules;

import trainbook.doctor.Thresholds;
import trainbook.doctor.Rule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 2: the loss does not fall over the first N steps: the mean of the first window is compared with the mean
 * of the last window within the horizon. Flat or rising → LR too low or too high, or a data/label format problem.
 * Runs that blow up are left to {@link DivergenceRule}.
 */
public final class NotFallingRule implements Rule {
    public static final String ID = "not-falling";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "loss not falling over the first " + Thresholds.NOT_FALLING_HORIZON
                + " steps after warmup (early vs later window)";
    }

    @Override public List<Finding> check(RunRecord r) {
        double[] loss = Facts.losses(r);
        // the horizon counts from the end of warmup: during warmup the LR is small on purpose
        int n = Math.min(loss.length, Math.max(0, r.warmupSteps()) + Thresholds.NOT_FALLING_HORIZON);
        if (n < Thresholds.NOT_FALLING_MIN_STEPS) return List.of();
        double[] h = Stats.slice(loss, 0, n);
        if (!Stats.allFinite(h)) return List.of();
        int w = (int) Math.max(3, Math.min(30, Math.round(n * Thresholds.NOT_FALLING_WINDOW_FRACTION)));
        double early = Stats.mean(Stats.slice(h, 0, w));
        double late = Stats.mean(Stats.slice(h, n - w, n));
        if (!(early > 0)) return List.of();
        if (late > Thresholds.DIVERGE_FACTOR * early) return List.of(); // divergence's business
        double drop = (early - late) / early;
        if (drop >= Thresholds.NOT_FALLING_MIN_DROP) return List.of();
        Severity sev = drop < Thresholds.NOT_FALLING_FLAT_DROP ? Severity.PROBLEM : Severity.WARNING;
        int lastStep = r.steps().get(n - 1).step();
        String evidence = "mean loss steps 0–" + (w - 1) + ": " + n(early) + ", steps " + (n - w) + "–" + (n - 1)
                + ": " + n(late) + " (" + (drop >= 0 ? "−" : "+") + n(Math.abs(drop) * 100) + " %)";
        double better = Facts.suggestLr(r);
        String remedy;
        String cause;
        switch (Facts.lrHint(r)) {
            case TOO_LOW -> {
                cause = "the learning rate looks too low";
                remedy = better > 0 ? Facts.key("lr", better) : "lr=lrfind — run %lrfind first";
            }
            case TOO_HIGH -> {
                cause = "the learning rate looks too high";
                remedy = better > 0 ? Facts.key("lr", better) + " clip=1" : "lr=lrfind clip=1";
            }
            default -> {
                String data = Facts.dataEvidence(r);
                cause = data.isEmpty() ? "the learning rate may be off" : "the data look broken (" + data + ")";
                remedy = data.isEmpty() ? "lr=lrfind — run %lrfind first" : "fix the data first (see " + data.split(":")[0] + ")";
            }
        }
        String what = drop < 0 ? "rose" : drop < Thresholds.NOT_FALLING_FLAT_DROP ? "stayed flat" : "barely fell";
        return List.of(Facts.atStep(r, sev, ID,
                "The loss " + what + " over the first " + n + " steps: " + cause + ".", evidence, remedy, lastStep));
    }
}
