package trainbook.render.table;

import trainbook.engine.run.Finding;
import trainbook.engine.run.Severity;

import java.util.List;

/**
 * A run's health at a glance, from its doctor findings: the worst severity and how many findings it has.
 *
 * @param worst    most serious severity among the findings, null when there are none
 * @param problems count of problem findings
 * @param warnings count of warning findings
 * @param infos    count of info findings
 */
public record Health(Severity worst, int problems, int warnings, int infos) {

    /** Summarises {@code findings} (null → no findings). */
    public static Health of(List<Finding> findings) {
        int p = 0, w = 0, i = 0;
        Severity worst = null;
        if (findings != null) {
            for (Finding f : findings) {
                switch (f.severity()) {
                    case PROBLEM -> p++;
                    case WARNING -> w++;
                    case INFO -> i++;
                }
                if (worst == null || f.severity().compareTo(worst) > 0) worst = f.severity();
            }
        }
        return new Health(worst, p, w, i);
    }

    /** True when there is no warning and no problem. */
    public boolean healthy() { return problems == 0 && warnings == 0; }

    /**
     * Short label: {@code healthy}, {@code healthy (2 info)}, {@code warning (1)}, {@code problem (2) +1 warning}.
     */
    public String label() {
        if (healthy()) return infos == 0 ? "healthy" : "healthy (" + infos + " info)";
        if (problems > 0) return "problem (" + problems + ")" + (warnings > 0 ? " +" + warnings + " warning" + (warnings > 1 ? "s" : "") : "");
        return "warning (" + warnings + ")";
    }

    /** Inline CSS colour for the label. */
    public String css() {
        if (problems > 0) return "color:" + FindingsView.PROBLEM_FG + ";font-weight:bold";
        if (warnings > 0) return "color:" + FindingsView.WARNING_FG + ";font-weight:bold";
        return "color:#2e7d32";
    }
}
