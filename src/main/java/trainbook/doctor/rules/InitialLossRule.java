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
        if (initial > high * expected) {
            DataProfile d = r.data();
            String cause;
            String remedy;
            if ("mse".equals(loss) && d != null && d.targetMean() * d.targetMean() > d.targetVar()) {
                cause = "the targets are far from zero (mean " + n(d.targetMean())
                        + ") while the untrained net predicts about 0";
                remedy = "standardise the target (y − mean)/std before %train";
            } else if (d != null && (d.inputStd() > Thresholds.INPUT_STD_MAX
                    || Math.abs(d.inputMean()) > Thresholds.INPUT_MEAN_MAX)) {
                cause = "the inputs are not normalised (std " + n(d.inputStd()) + ")";
                remedy = "scale the inputs to [0,1] or standardise them before %train";
            } else {
                cause = "the initial outputs are too large (initialisation or input scale)";
                remedy = "norm=batchnorm — and check input scaling and labels";
            }
            return List.of(Facts.atStep(r, Severity.WARNING, ID,
                    "The initial loss is " + n(initial / expected) + "× the random-guess value: " + cause + ".",
                    evidence, remedy, step));
        }
        if (initial < Thresholds.INITIAL_LOW_FACTOR * expected) {
            return List.of(Facts.atStep(r, Severity.WARNING, ID,
                    "The initial loss is far below a random guess: the untrained model already fits the labels, "
                            + "so a target may leak into the inputs or the loss may not match the labels.",
                    evidence, "check that the target column is not among the features", step));
        }
        return List.of();
    }
}
