package trainbook.doctor.rules;

import trainbook.doctor.Thresholds;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.lrfind.RangeStop;

/** Shared reading of an LR range test's curve for the {@code lrfind-*} rules. */
public final class LrCurve {
    private LrCurve() {}

    /** Number of usable points (the shortest of the LR and loss arrays). */
    public static int points(LrFindResult r) {
        if (r.lrs() == null || r.losses() == null) return 0;
        return Math.min(r.lrs().length, r.losses().length);
    }

    /** Smoothed loss where present, else the raw loss. */
    public static double[] curve(LrFindResult r) {
        int n = points(r);
        double[] s = r.smoothed() != null && r.smoothed().length >= n ? r.smoothed() : r.losses();
        return Stats.slice(s, 0, n);
    }

    /** Mean of the first {@link Thresholds#INITIAL_WINDOW} finite raw losses, NaN when none. */
    public static double start(LrFindResult r) {
        int n = points(r);
        double s = 0;
        int k = 0;
        for (int i = 0; i < n && k < Thresholds.INITIAL_WINDOW; i++) {
            if (Double.isFinite(r.losses()[i])) {
                s += r.losses()[i];
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }

    /** Index of the lowest finite point of {@link #curve}, or -1. */
    public static int best(LrFindResult r) {
        double[] c = curve(r);
        int b = -1;
        for (int i = 0; i < c.length; i++) if (Double.isFinite(c[i]) && (b < 0 || c[i] < c[b])) b = i;
        return b;
    }

    /** Whether the test stopped because the loss diverged. */
    public static boolean diverged(LrFindResult r) {
        return r.stopReason() == RangeStop.DIVERGED;
    }

    /**
     * Whether the loss rose from (nearly) the first point on: the best point lies in the leading
     * {@link Thresholds#LRFIND_EARLY_BEST} of the points, the curve ended far above it (or diverged), and most points
     * after the best are clearly above it (a flat start followed by a late blow-up is not "immediately").
     */
    public static boolean risesFromStart(LrFindResult r) {
        int n = points(r);
        int b = best(r);
        if (n == 0) return false;
        if (b < 0) return true;
        if (b > Math.max(1, (int) Math.floor(Thresholds.LRFIND_EARLY_BEST * n))) return false;
        double[] c = curve(r);
        double last = c[n - 1];
        boolean rose = diverged(r) || !Double.isFinite(last) || last > Thresholds.DIVERGE_FACTOR * c[b];
        if (!rose) return false;
        int above = 0;
        for (int i = b + 1; i < n; i++) if (!(c[i] <= (1 + Thresholds.LRFIND_RISE_MARGIN) * c[b])) above++;
        return n - 1 - b == 0 || above >= Thresholds.LRFIND_RISING_SHARE * (n - 1 - b);
    }

    /** Points at the head of the ramp used as the starting level (at least 3). */
    static int head(LrFindResult r) {
        return Math.max(3, (int) Math.ceil(Thresholds.LRFIND_EARLY_BEST * points(r)));
    }

    /** Median raw loss over the {@linkplain #head head} of the ramp: a noise-robust starting level. */
    public static double startLevel(LrFindResult r) {
        int h = Math.min(head(r), points(r));
        double[] v = java.util.Arrays.stream(Stats.slice(r.losses(), 0, h)).filter(Double::isFinite).toArray();
        return Stats.median(v);
    }

    /**
     * How far the smoothed loss fell below the starting level, as a fraction (negative when it only rose), looking
     * only past the head where the debiased EMA still averages few points; NaN when the curve is too short.
     */
    public static double fall(LrFindResult r) {
        double start = startLevel(r);
        int b = bestAfterHead(r);
        if (!(start > 0) || b < 0) return Double.NaN;
        return (start - curve(r)[b]) / start;
    }

    /** Index of the lowest finite smoothed point past the {@linkplain #head head}, or -1. */
    public static int bestAfterHead(LrFindResult r) {
        double[] c = curve(r);
        int b = -1;
        for (int i = head(r); i < c.length; i++) if (Double.isFinite(c[i]) && (b < 0 || c[i] < c[b])) b = i;
        return b;
    }

    /** Whether the smoothed loss never fell {@link Thresholds#LRFIND_MIN_FALL} below its starting level. */
    public static boolean neverFell(LrFindResult r) {
        double f = fall(r);
        return !Double.isNaN(f) && f < Thresholds.LRFIND_MIN_FALL;
    }
}
