package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 11d: strong class imbalance (largest over smallest class above {@link Thresholds#IMBALANCE_RATIO}, or a class
 * with no samples): accuracy then rewards predicting the majority class.
 */
public final class ClassImbalanceRule implements Rule {
    public static final String ID = "class-imbalance";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "largest class more than " + n(Thresholds.IMBALANCE_RATIO) + "× the smallest, or an empty class";
    }

    @Override public List<Finding> check(RunRecord r) {
        DataProfile d = r.data();
        if (d == null || d.classCounts() == null || d.classCounts().length < 2) return List.of();
        long[] c = d.classCounts();
        int min = 0, max = 0;
        long total = 0;
        for (int i = 0; i < c.length; i++) {
            total += c[i];
            if (c[i] < c[min]) min = i;
            if (c[i] > c[max]) max = i;
        }
        if (total == 0) return List.of();
        String evidence = "class " + max + ": " + c[max] + " samples, class " + min + ": " + c[min] + " samples of "
                + total + " (majority share " + n(100.0 * c[max] / total) + " %)";
        String remedy = "resample or weight the classes, and judge by per-class accuracy rather than overall accuracy";
        if (LabelRangeRule.looksOneBased(c)) return List.of(); // label-range explains it
        if (c[min] == 0) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    "Class " + min + " has no training samples: the model can never learn it.", evidence, remedy));
        }
        double ratio = (double) c[max] / c[min];
        if (ratio > Thresholds.IMBALANCE_RATIO) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    "The classes are strongly imbalanced (" + n(ratio) + ":1): always predicting class " + max
                            + " already scores " + n(100.0 * c[max] / total) + " % accuracy.",
                    evidence, remedy));
        }
        return List.of();
    }
}
