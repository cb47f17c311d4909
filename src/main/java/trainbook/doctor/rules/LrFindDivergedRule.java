package trainbook.doctor.rules;

import trainbook.doctor.LrFindRule;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/** The range test's loss rose from its first points (or was NaN from the start): no LR on the ramp trains. */
public final class LrFindDivergedRule implements LrFindRule {
    public static final String ID = "lrfind-diverged-immediately";

    @Override public String id() { return ID; }

    @Override public String description() { return "range test loss rose (or was NaN) from the very start of the ramp"; }

    @Override public List<Finding> check(LrFindResult r) {
        int n = LrCurve.points(r);
        if (n == 0 || !LrCurve.risesFromStart(r)) return List.of();
        double lr0 = r.lrs()[0];
        if (!Double.isFinite(r.losses()[0])) {
            return List.of(new Finding(Severity.PROBLEM, ID,
                    "The loss was " + n(r.losses()[0]) + " at the first step of the range test: the data or the model"
                            + " produce non-finite values before any LR matters.",
                    "loss " + n(r.losses()[0]) + " at lr " + n(lr0),
                    "check the inputs for NaN/Inf and their scale before %lrfind", 0, -1));
        }
        int b = Math.max(0, LrCurve.best(r));
        return List.of(new Finding(Severity.PROBLEM, ID,
                "The loss rose from the very start of the range test: even the first learning rates make it worse.",
                "best smoothed loss " + n(LrCurve.curve(r)[b]) + " at step " + b + " (lr " + n(r.lrs()[b]) + ") of "
                        + n + ", stop " + r.stopReason(),
                Facts.key("start", Facts.nice(lr0 / 100)) + " — and check input scaling and labels", b, -1));
    }
}
