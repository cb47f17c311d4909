package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 8: the update:parameter ratio ‖Δw‖/‖w‖ per step, median over the run (after warmup), outside
 * {@link Thresholds#UPDATE_RATIO_LOW}…{@link Thresholds#UPDATE_RATIO_HIGH}. Remedy: scale the LR towards a ratio of
 * {@link Thresholds#UPDATE_RATIO_TARGET}.
 */
public final class UpdateRatioRule implements Rule {
    public static final String ID = "update-ratio";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "median update:parameter ratio outside " + n(Thresholds.UPDATE_RATIO_LOW) + "…"
                + n(Thresholds.UPDATE_RATIO_HIGH) + " (healthy ≈ 1e-3)";
    }

    @Override public List<Finding> check(RunRecord r) {
        List<Facts.Point> pts = Facts.updateRatios(r);
        if (pts.size() < Thresholds.UPDATE_RATIO_MIN_SAMPLES) return List.of();
        double med = Stats.median(Facts.values(pts));
        boolean low = med < Thresholds.UPDATE_RATIO_LOW, high = med > Thresholds.UPDATE_RATIO_HIGH;
        if (!low && !high) return List.of();
        double lr = Facts.lr(r);
        double better = Facts.suggestLr(r);
        String remedy = better > 0 ? Facts.key("lr", better) : "lr=lrfind";
        String evidence = "median ‖Δw‖/‖w‖ " + n(med) + " over " + pts.size() + " steps (healthy ≈ 1e-3)"
                + (lr > 0 ? " at lr " + n(lr) : "");
        String msg = low
                ? "Each step changes the weights by only " + n(med) + " of their size: the learning rate is too low."
                : "Each step changes the weights by " + n(med * 100) + " % of their size: the learning rate is too high.";
        return List.of(Facts.atStep(r, Severity.WARNING, ID, msg, evidence, remedy, pts.get(0).step()));
    }
}
