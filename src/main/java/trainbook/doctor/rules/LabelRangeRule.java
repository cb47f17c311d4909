package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 11c: class labels outside 0..C-1, or not whole numbers, in a classification task; also 1-based labels, which
 * an engine that sizes the output from the largest label turns into an empty class 0.
 */
public final class LabelRangeRule implements Rule {
    public static final String ID = "label-range";

    @Override public String id() { return ID; }

    @Override public String description() { return "class labels outside 0..C-1, 1-based, or not whole numbers"; }

    /** Class 0 empty while every other class has samples: labels counted from 1, outputs sized from the maximum. */
    static boolean looksOneBased(long[] counts) {
        if (counts == null || counts.length < 3 || counts[0] != 0) return false;
        for (int i = 1; i < counts.length; i++) if (counts[i] == 0) return false;
        return true;
    }

    @Override public List<Finding> check(RunRecord r) {
        DataProfile d = r.data();
        if (d == null || !d.isClassification() || !Double.isFinite(d.labelMin()) || !Double.isFinite(d.labelMax())) {
            return List.of();
        }
        int c = d.numClasses();
        String evidence = "labels span [" + n(d.labelMin()) + ", " + n(d.labelMax()) + "]"
                + (c > 0 ? ", the model has " + c + " outputs (valid labels 0.." + (c - 1) + ")" : "");
        if (!d.integerTargets()) {
            return List.of(Facts.general(Severity.PROBLEM, ID,
                    "The class labels are not whole numbers, so they cannot index the model's outputs.",
                    evidence, "round or map the labels to class ids 0..C-1, or use loss=mse for a continuous target"));
        }
        if (looksOneBased(d.classCounts())) {
            long[] k = d.classCounts();
            return List.of(Facts.general(Severity.WARNING, ID,
                    "The labels look 1-based (1.." + (k.length - 1) + "): class 0 never occurs, so the model carries "
                            + "an output for a class that does not exist.",
                    evidence + ", class 0 has 0 samples", "subtract 1 from the labels before %train"));
        }
        if (c > 0 && (d.labelMin() < 0 || d.labelMax() > c - 1)) {
            boolean oneBased = d.labelMin() == 1 && d.labelMax() == c;
            return List.of(Facts.general(Severity.PROBLEM, ID,
                    "Some labels fall outside 0.." + (c - 1) + (oneBased ? ": they look 1-based." : "."),
                    evidence, oneBased ? "subtract 1 from the labels before %train"
                            : "map the labels to 0.." + (c - 1) + " before %train"));
        }
        return List.of();
    }
}
