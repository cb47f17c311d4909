package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 7: dead units. More than {@link Thresholds#DEAD_FRACTION_WARN} of a layer's ReLU units output zero for every
 * sample of the probe batch. Remedy: leaky activation, lower LR, normalisation.
 */
public final class DeadUnitsRule implements Rule {
    public static final String ID = "dead-units";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "more than " + n(Thresholds.DEAD_FRACTION_WARN * 100) + " % of a layer's ReLU units never fire on a probe batch";
    }

    @Override public List<Finding> check(RunRecord r) {
        List<String> parts = new ArrayList<>();
        double worst = 0;
        String worstLayer = null;
        for (Map.Entry<String, Double> e : r.deadUnits().entrySet()) {
            Double f = e.getValue();
            if (f == null || !Double.isFinite(f) || f <= Thresholds.DEAD_FRACTION_WARN) continue;
            parts.add(e.getKey() + " " + n(f * 100) + " %");
            if (f > worst) {
                worst = f;
                worstLayer = e.getKey();
            }
        }
        if (parts.isEmpty()) return List.of();
        Severity sev = worst > Thresholds.DEAD_FRACTION_PROBLEM ? Severity.PROBLEM : Severity.WARNING;
        double lr = Facts.lr(r);
        String lrPart = Facts.lrHint(r) == Facts.LrHint.TOO_HIGH && lr > 0 ? Facts.key("lr", Facts.nice(lr / 10)) : "";
        String normPart = "none".equals(SpecView.of(r).norm()) ? "norm=batchnorm" : "";
        return List.of(Facts.general(sev, ID,
                n(worst * 100) + " % of the units in layer " + worstLayer
                        + " never fire: dead ReLUs pass no signal and get no gradient.",
                "always-zero units on the probe batch: " + String.join(", ", parts),
                Facts.join("act=leakyrelu", lrPart, normPart)));
    }
}
