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
 * Rule 11f: a loss that does not fit the target: MSE/MAE/Huber on class ids (classes treated as ordered numbers),
 * cross-entropy on a continuous target, BCE on more than two classes.
 */
public final class LossMismatchRule implements Rule {
    public static final String ID = "loss-mismatch";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "loss does not fit the target (mse on class ids, ce on a continuous target, bce on > 2 classes)";
    }

    @Override public List<Finding> check(RunRecord r) {
        DataProfile d = r.data();
        if (d == null) return List.of();
        String loss = Facts.lossKind(r);
        String evidence = "loss=" + loss + ", task " + d.task() + (d.numClasses() > 0 ? ", " + d.numClasses()
                + " classes" : "") + ", targets in [" + n(d.labelMin()) + ", " + n(d.labelMax()) + "]"
                + (d.integerTargets() ? " (whole numbers)" : " (continuous)");
        boolean regressionLoss = loss.equals("mse") || loss.equals("mae") || loss.equals("huber");
        if (regressionLoss && d.isClassification()) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    loss.toUpperCase(java.util.Locale.ROOT) + " on class ids treats the classes as ordered numbers "
                            + "(class 2 is \"between\" 1 and 3): use cross-entropy for classes.",
                    evidence, "loss=ce"));
        }
        if (regressionLoss && "regression".equals(d.task()) && d.integerTargets() && d.labelMin() == 0
                && d.labelMax() >= 1 && d.labelMax() <= Thresholds.CLASS_ID_MAX) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    "The target holds only whole numbers 0.." + n(d.labelMax()) + ", which look like class ids: "
                            + loss.toUpperCase(java.util.Locale.ROOT) + " treats them as ordered numbers.",
                    evidence, "loss=ce"));
        }
        if (loss.equals("ce") || loss.equals("bce")) {
            if ("regression".equals(d.task()) && !d.integerTargets()) {
                return List.of(Facts.general(Severity.PROBLEM, ID,
                        "Cross-entropy needs class ids, but the target is continuous.", evidence, "loss=mse"));
            }
            if ("regression".equals(d.task())) {
                return List.of(Facts.general(Severity.WARNING, ID,
                        "Cross-entropy on a regression target treats each whole number as an unrelated class.",
                        evidence, "loss=mse"));
            }
        }
        if (loss.equals("bce") && d.isClassification() && (d.numClasses() > 2 || d.labelMax() > 1)) {
            return List.of(Facts.general(Severity.PROBLEM, ID,
                    "Binary cross-entropy expects labels 0 or 1, but the data has " + Math.max(d.numClasses(),
                            (int) d.labelMax() + 1) + " classes.",
                    evidence, "loss=ce"));
        }
        return List.of();
    }
}
