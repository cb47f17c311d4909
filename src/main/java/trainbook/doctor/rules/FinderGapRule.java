package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/** Rule 13: the LR used is more than {@link Thresholds#FINDER_FACTOR}× away from the LR finder's suggestion. */
public final class FinderGapRule implements Rule {
    public static final String ID = "lr-vs-finder";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "learning rate more than " + n(Thresholds.FINDER_FACTOR) + "× away from the LR finder's suggestion";
    }

    @Override public List<Finding> check(RunRecord r) {
        double sug = r.lrFinderSuggestion();
        double lr = Facts.lr(r);
        if (!(sug > 0) || !Double.isFinite(sug) || !(lr > 0)) return List.of();
        double ratio = Math.max(lr / sug, sug / lr);
        if (ratio <= Thresholds.FINDER_FACTOR) return List.of();
        String dir = lr > sug ? "above" : "below";
        return List.of(Facts.general(Severity.WARNING, ID,
                "The learning rate " + n(lr) + " is " + n(ratio) + "× " + dir + " the LR finder's suggestion " + n(sug) + ".",
                "lr " + n(lr) + " vs %lrfind suggestion " + n(sug) + " (factor " + n(ratio) + ")",
                "lr=lrfind"));
    }
}
