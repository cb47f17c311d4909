package trainbook.doctor.rules;

import trainbook.doctor.LrFindRule;
import trainbook.doctor.Thresholds;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static trainbook.doctor.rules.Facts.n;

/**
 * The suggestion itself: missing, at an end of the ramp (the range does not bracket the good LRs), or with low
 * confidence (no other suggestion rule agrees within a factor of 3).
 */
public final class LrFindSuggestionRule implements LrFindRule {
    public static final String ID = "lrfind-suggestion";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "no suggestion, a suggestion at the edge of the ramp, or low confidence (suggestion rules disagree)";
    }

    @Override public List<Finding> check(LrFindResult r) {
        int n = LrCurve.points(r);
        if (n < Thresholds.LRFIND_MIN_POINTS || LrCurve.risesFromStart(r) || LrCurve.neverFell(r)) return List.of();
        double s = r.suggested();
        if (!(s > 0) || !Double.isFinite(s)) {
            double end = r.lrs()[n - 1];
            boolean narrow = !LrCurve.diverged(r) && end < 1e-2;
            return List.of(new Finding(Severity.WARNING, ID,
                    "The range test found no learning rate to suggest" + (narrow
                            ? ": the ramp stopped at " + n(end) + ", before the loss turned." : "."),
                    "rule " + r.rule() + " found nothing over lr " + n(r.lrs()[0]) + "…" + n(end) + ", stop "
                            + r.stopReason(),
                    narrow ? "end=10" : "steps=200", -1, -1));
        }
        List<Finding> out = new ArrayList<>();
        double lo = r.lrs()[0], hi = r.lrs()[n - 1];
        int at = nearest(r.lrs(), n, s);
        if (s <= lo * Thresholds.LRFIND_EDGE_FACTOR) {
            out.add(new Finding(Severity.WARNING, ID,
                    "The suggested learning rate sits at the bottom of the ramp: the good range may start lower.",
                    "suggested " + n(s) + ", ramp starts at " + n(lo), Facts.key("start", Facts.nice(lo / 100)), at, -1));
        } else if (s >= hi / Thresholds.LRFIND_EDGE_FACTOR && !LrCurve.diverged(r)) {
            out.add(new Finding(Severity.WARNING, ID,
                    "The suggested learning rate sits at the top of the ramp: the good range may go higher.",
                    "suggested " + n(s) + ", ramp ends at " + n(hi), Facts.key("end", Facts.nice(hi * 100)), at, -1));
        }
        Map<String, Double> sug = r.suggestions();
        if (out.isEmpty() && sug != null && sug.size() >= Thresholds.LRFIND_MIN_RULES && r.confidence() <= 1) {
            StringBuilder ev = new StringBuilder();
            java.util.TreeSet<Double> distinct = new java.util.TreeSet<>();
            for (Map.Entry<String, Double> e : sug.entrySet()) {
                if (ev.length() > 0) ev.append(", ");
                ev.append(e.getKey()).append(' ').append(n(e.getValue()));
                if (e.getValue() != null && e.getValue() > 0) distinct.add(Facts.nice(e.getValue()));
            }
            StringBuilder lrs = new StringBuilder();
            for (double v : distinct) lrs.append(lrs.length() > 0 ? "," : "").append(trainbook.engine.TrainSpec.num(v));
            out.add(new Finding(Severity.WARNING, ID,
                    "The suggestion rules disagree (confidence " + r.confidence() + " of " + sug.size()
                            + "): the curve is too noisy to trust one value.",
                    ev.toString(), "steps=300 — or try them side by side: %compare lr=" + lrs, at, -1));
        }
        return out;
    }

    private static int nearest(double[] lrs, int n, double v) {
        int b = 0;
        for (int i = 1; i < n; i++) if (Math.abs(Math.log(lrs[i] / v)) < Math.abs(Math.log(lrs[b] / v))) b = i;
        return b;
    }
}
