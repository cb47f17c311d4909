package trainbook.doctor.rules;

import trainbook.doctor.LrFindRule;
import trainbook.doctor.Thresholds;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.engine.run.Severity;

import java.util.List;

/** A range test with too few points to read a curve from (and not because it diverged at once). */
public final class LrFindShortRule implements LrFindRule {
    public static final String ID = "lrfind-too-short";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "range test with fewer than " + Thresholds.LRFIND_MIN_POINTS + " points";
    }

    @Override public List<Finding> check(LrFindResult r) {
        int n = LrCurve.points(r);
        if (n >= Thresholds.LRFIND_MIN_POINTS || (n > 0 && LrCurve.risesFromStart(r))) return List.of();
        return List.of(new Finding(Severity.WARNING, ID,
                "The range test has only " + n + " points, too few to read a curve from.",
                n + " points" + (r.stopReason() == null ? "" : ", stop " + r.stopReason()),
                "steps=100", -1, -1));
    }
}
