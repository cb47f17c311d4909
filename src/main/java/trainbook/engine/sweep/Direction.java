package trainbook.engine.sweep;

/** Whether a study looks for the smallest or the largest objective value. */
public enum Direction {
    MINIMIZE, MAXIMIZE;

    /** +1 for minimise, -1 for maximise: {@code sign × value} is always "lower is better". */
    public double sign() { return this == MINIMIZE ? 1 : -1; }

    /** Whether {@code a} is better than {@code b} (NaN is never better). */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) return false;
        if (Double.isNaN(b)) return true;
        return this == MINIMIZE ? a < b : a > b;
    }

    /** The direction that ranks a metric: accuracies are maximised, everything else minimised. */
    public static Direction forMetric(String metric) {
        return metric != null && metric.toLowerCase(java.util.Locale.ROOT).endsWith("acc") ? MAXIMIZE : MINIMIZE;
    }
}
