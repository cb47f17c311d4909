package trainbook.doctor.rules;

import java.util.Arrays;

/** Small robust statistics over plain arrays, used by the rules. NaN-free input is the caller's business. */
public final class Stats {
    private Stats() {}

    /** Arithmetic mean, NaN for an empty array. */
    public static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Sample standard deviation (n − 1), 0 for fewer than two values. */
    public static double std(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** Median, NaN for an empty array. */
    public static double median(double[] v) {
        return percentile(v, 50);
    }

    /** Percentile {@code p} in [0, 100] with linear interpolation between order statistics, NaN when empty. */
    public static double percentile(double[] v, double p) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = Math.max(0, Math.min(100, p)) / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        double f = pos - lo;
        return s[lo] * (1 - f) + s[hi] * f;
    }

    /** Robust standard deviation: 1.4826 × the median absolute deviation (equals σ for normal data). */
    public static double robustStd(double[] v) {
        if (v.length == 0) return Double.NaN;
        double m = median(v);
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = Math.abs(v[i] - m);
        return 1.4826 * median(d);
    }

    /** Centered moving average with half-width {@code k}; the window shrinks at the ends. */
    public static double[] movingAverage(double[] v, int k) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int a = Math.max(0, i - k), b = Math.min(v.length - 1, i + k);
            double s = 0;
            for (int j = a; j <= b; j++) s += v[j];
            out[i] = s / (b - a + 1);
        }
        return out;
    }

    /** Trailing rolling median of width {@code w}: out[i] is the median of v[i-w+1..i] (shorter at the start). */
    public static double[] rollingMedian(double[] v, int w) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int a = Math.max(0, i - w + 1);
            out[i] = median(Arrays.copyOfRange(v, a, i + 1));
        }
        return out;
    }

    /** Values of {@code v} in [from, to) (clamped). */
    public static double[] slice(double[] v, int from, int to) {
        int a = Math.max(0, Math.min(v.length, from)), b = Math.max(a, Math.min(v.length, to));
        return Arrays.copyOfRange(v, a, b);
    }

    /** Whether every value is finite. */
    public static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }
}
