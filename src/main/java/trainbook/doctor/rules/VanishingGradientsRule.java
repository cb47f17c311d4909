package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 6: vanishing gradients. The first layer's weight gradient is below {@link Thresholds#VANISH_LAYER_RATIO} of
 * the last layer's (median over the gradient samples), or the global norm is tiny while the loss is still high.
 * Remedy: a non-saturating activation and normalisation.
 */
public final class VanishingGradientsRule implements Rule {
    public static final String ID = "vanishing-gradients";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "first/last-layer weight-gradient ratio below " + n(Thresholds.VANISH_LAYER_RATIO)
                + ", or tiny global norms while the loss is still high";
    }

    @Override public List<Finding> check(RunRecord r) {
        String remedy = remedy(r);
        List<Double> ratios = new ArrayList<>();
        String firstName = null, lastName = null;
        double firstSum = 0, lastSum = 0;
        int firstStep = -1;
        for (GradSample g : r.gradSamples()) {
            List<Map.Entry<String, Double>> w = Facts.weightNorms(g);
            if (w.size() < 2) continue;
            double first = w.get(0).getValue(), last = w.get(w.size() - 1).getValue();
            if (!Double.isFinite(first) || !Double.isFinite(last) || !(last > 0)) continue;
            ratios.add(first / last);
            firstName = w.get(0).getKey();
            lastName = w.get(w.size() - 1).getKey();
            firstSum += first;
            lastSum += last;
            if (firstStep < 0) firstStep = g.step();
        }
        if (!ratios.isEmpty()) {
            double med = Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
            if (med < Thresholds.VANISH_LAYER_RATIO) {
                return List.of(Facts.atStep(r, Severity.WARNING, ID,
                        "Gradients vanish towards the input: the first layer gets " + n(med)
                                + "× the gradient of the last layer, so it barely learns.",
                        "median ‖∇" + firstName + "‖ / ‖∇" + lastName + "‖ = " + n(med) + " over " + ratios.size()
                                + " samples (mean norms " + n(firstSum / ratios.size()) + " vs "
                                + n(lastSum / ratios.size()) + ")",
                        remedy, firstStep));
            }
        }
        double[] norms = Facts.values(Facts.gradNorms(r));
        if (norms.length >= 3 && Stats.allFinite(norms)) {
            double med = Stats.median(norms);
            double start = Facts.initialLoss(r);
            double[] loss = Facts.losses(r);
            double latest = loss.length == 0 ? Double.NaN : loss[loss.length - 1];
            if (med < Thresholds.VANISH_GLOBAL_NORM && start > 0 && latest > Thresholds.VANISH_LOSS_STILL_HIGH * start) {
                return List.of(Facts.general(Severity.WARNING, ID,
                        "The gradients are vanishingly small while the loss is still high: training has stalled.",
                        "median global gradient norm " + n(med) + " over " + norms.length + " samples; loss "
                                + n(start) + " → " + n(latest),
                        remedy));
            }
        }
        return List.of();
    }

    private static String remedy(RunRecord r) {
        String act = SpecView.of(r).act();
        String norm = SpecView.of(r).norm();
        String a = act.equals("sigmoid") || act.equals("tanh") ? "act=relu" : "";
        String b = norm.equals("none") ? "norm=batchnorm" : "";
        String out = Facts.join(a, b);
        return out.isEmpty() ? "fewer layers or residual connections" : out;
    }
}
