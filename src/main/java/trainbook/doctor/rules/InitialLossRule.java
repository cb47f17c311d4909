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
 * Rule 1: the loss of the first steps against the value expected at random initialisation (cross-entropy ln C,
 * BCE ln 2, MSE ≈ var(y)). Far above → over-large initial outputs (unscaled inputs, init); far below → the
 * untrained model already knows the answer (label leakage, a target among the features).
 */
public final class InitialLossRule implements Rule {
    public static final String ID = "initial-loss";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "first steps' loss vs the random-guess value (ce: ln C, bce: ln 2, mse: var(y))";
    }

    @Override public List<Finding> check(RunRecord r) {
        if (Facts.warmStart(r)) return List.of();
        double expected = Facts.randomGuessLoss(r);
        double initial = Facts.initialLoss(r);
        if (!(expected > 0) || !Double.isFinite(initial)) return List.of();
        // every one of the first steps must be off: a run that explodes at step 2 is divergence's business
        double lowest = Double.POSITIVE_INFINITY, highest = Double.NEGATIVE_INFINITY;
        int seen = 0;
        for (int i = 0; i < r.steps().size() && seen < Thresholds.INITIAL_WINDOW; i++) {
            double l = r.steps().get(i).loss();
            if (!Double.isFinite(l)) continue;
            lowest = Math.min(lowest, l);
            highest = Math.max(highest, l);
            seen++;
        }
        String loss = Facts.lossKind(r);
        String what = switch (loss) {
            case "ce" -> "ln " + r.data().numClasses() + " = " + n(expected);
            case "bce" -> "ln 2 = " + n(expected);
            default -> "var(y) = " + n(expected);
        };
        String evidence = "mean loss of the first " + Math.min(Thresholds.INITIAL_WINDOW, r.steps().size())
                + " steps " + n(initial) + " vs expected " + what + " (×" + n(initial / expected) + ")";
        double high = "mse".equals(loss) ? Thresholds.INITIAL_HIGH_FACTOR_MSE : Thresholds.INITIAL_HIGH_FACTOR;
        int step = r.steps().isEmpty() ? -1 : r.steps().get(0).step();
        if (lowest > high * expected) {
            DataProfile d = r.data();
            String cause;
            String remedy;
            if ("mse".equals(loss) && d != null && d.targetMean() * d.targetMean() > d.targetVar()) {
                cause = "the targets are far from zero (mean " + n(d.targetMean())
                        + ") while the untrained net predicts about 0";
                remedy = "standardise the target (y − mean)/std before %train";
            } else if (d != null && (d.inputStd() > Thresholds.INITIAL_INPUT_STD
                    || Math.abs(d.inputMean()) > Thresholds.INITIAL_INPUT_STD)) {
                cause = "the inputs are not standardised (mean " + n(d.inputMean()) + ", std " + n(d.inputStd())
                        + "), so the untrained net's outputs are large";
                remedy = "norm=batchnorm — or standardise the inputs ((x − mean)/std) before %train";
            } else {
                cause = "the initial outputs are too large (initialisation or input scale)";
                remedy = "norm=batchnorm";
            }
            return List.of(Facts.atStep(r, Severity.WARNING, ID,
                    "The initial loss is " + n(initial / expected) + "× the random-guess value: " + cause + ".",
                    evidence, remedy, step));
        }
        if (highest < Thresholds.INITIAL_LOW_FACTOR * expected) {
            return List.of(Facts.atStep(r, Severity.WARNING, ID,
                    "The initial loss is far below a random guess: the untrained model already fits the labels, "
                            + "so a target may leak into the inputs or the loss may not match the labels.",
                    evidence, "check that the target column is not among the features", step));
        }
        return List.of();
    }
}
