package trainbook.doctor.rules;

import trainbook.doctor.LrFindRule;
import trainbook.doctor.Thresholds;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/** The range test's smoothed loss never fell noticeably below its start over the whole ramp. */
public final class LrFindNeverFellRule implements LrFindRule {
    public static final String ID = "lrfind-never-fell";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "range test loss never fell " + n(Thresholds.LRFIND_MIN_FALL * 100) + " % below its start";
    }

    @Override public List<Finding> check(LrFindResult r) {
        int n = LrCurve.points(r);
        if (n < Thresholds.LRFIND_MIN_POINTS || LrCurve.risesFromStart(r) || !LrCurve.neverFell(r)) return List.of();
        int b = LrCurve.bestAfterHead(r);
        double last = r.lrs()[n - 1];
        boolean rampTooShort = !LrCurve.diverged(r) && last < 1;
        String remedy = rampTooShort ? "end=10"
                : "overfit one batch to see whether the model can learn at all: %train limit=1 epochs=30";
        return List.of(new Finding(Severity.WARNING, ID,
                "The loss never fell during the range test"
                        + (rampTooShort ? ": the ramp may stop before useful learning rates." : ": no learning rate on the "
                        + "ramp trains this setup (a range test cannot tell whether the model, the loss or the data is at fault)."),
                "starting level " + n(LrCurve.startLevel(r)) + ", fell at most " + n(LrCurve.fall(r) * 100)
                        + " % (lowest smoothed " + n(LrCurve.curve(r)[b]) + " at lr " + n(r.lrs()[b]) + "), ramp "
                        + n(r.lrs()[0]) + "…" + n(last) + " over " + n + " steps",
                remedy, b, -1));
    }
}
