package trainbook.engine.lrfind;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Learning-rate suggestion rules over an LR range test's curve: pure functions of the ramp's learning rates
 * (positive, non-decreasing) and the smoothed losses ({@link Smoother}). Each rule answers
 * {@link OptionalDouble#empty()} when the curve gives it nothing to go on: too few points, or no real descent
 * (a flat curve, or one that only rises or diverges — before its minimum the loss must fall by at least
 * {@link #MIN_DROP} of the highest value it had).
 *
 * <p>Only the part of the curve up to its first non-finite value is read; leading points at LR 0 (a linear ramp
 * from 0) are skipped.
 *
 * <ul>
 *   <li>{@link #valley}: along the longest run of decreasing loss, the LR where the loss has come two thirds
 *       of the way down. The default.</li>
 *   <li>{@link #steep}: where the loss falls fastest against log-LR, before the minimum.</li>
 *   <li>{@link #minimumDiv10}: the LR at the minimum loss, divided by 10.</li>
 *   <li>{@link #slide}: from the minimum, slide towards smaller LRs while the loss stays within
 *       {@link #SLIDE_TOLERANCE} of the total drop above the minimum; the smallest LR reached.</li>
 * </ul>
 */
public final class Suggestions {
    /** Rule names, in the order {@link #all} reports them. */
    public static final String VALLEY = "valley", STEEP = "steep", MINIMUM = "minimum/10", SLIDE = "slide";
    /** Smallest relative fall of the loss (from the highest point before its minimum to the minimum) that counts as a descent. */
    public static final double MIN_DROP = 0.03;
    /** How far down the valley (as a fraction of its loss drop) the valley rule picks its point. */
    public static final double VALLEY_DEPTH = 2.0 / 3;
    /** Fraction of the total drop the slide rule tolerates above the minimum. */
    public static final double SLIDE_TOLERANCE = 0.1;
    /** Two suggestions agree when they are within this factor of each other. */
    public static final double AGREEMENT_FACTOR = 3;
    /** Fewest points a curve needs before any rule answers. */
    public static final int MIN_POINTS = 5;

    private Suggestions() {}

    /** Every rule's answer, keyed {@code valley}, {@code steep}, {@code minimum/10}, {@code slide}; absent when a rule finds nothing. */
    public static LinkedHashMap<String, Double> all(double[] lrs, double[] smoothed) {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        Curve c = Curve.of(lrs, smoothed);
        if (c == null) return out;
        put(out, VALLEY, valley(c));
        put(out, STEEP, steep(c));
        put(out, MINIMUM, minimumDiv10(c));
        put(out, SLIDE, slide(c));
        return out;
    }

    /**
     * How many suggestions lie within a factor of {@link #AGREEMENT_FACTOR} of {@code chosen} (a suggestion equal
     * to {@code chosen} counts, so the chosen rule counts itself).
     */
    public static int confidence(Map<String, Double> suggestions, double chosen) {
        if (!(chosen > 0)) return 0;
        int n = 0;
        for (double v : suggestions.values()) {
            if (v > 0 && Math.max(v / chosen, chosen / v) <= AGREEMENT_FACTOR * (1 + 1e-12)) n++;
        }
        return n;
    }

    /**
     * The valley rule. The longest decreasing subsequence of the loss (noise may interrupt a descent without
     * ending it) marks the valley, from its first point (the top) to its last (the bottom); the answer is the
     * first LR at which the loss has come {@link #VALLEY_DEPTH} (two thirds) of the way down from top to bottom.
     * On a typical curve this lands just past the steepest part, well before the minimum, where the loss still
     * falls fast; a flat head of the curve does not move it.
     */
    public static OptionalDouble valley(double[] lrs, double[] smoothed) {
        Curve c = Curve.of(lrs, smoothed);
        return c == null ? OptionalDouble.empty() : valley(c);
    }

    private static OptionalDouble valley(Curve c) {
        double[] lrs = c.lrs(), smoothed = c.loss();
        int n = c.n();
        int[] len = new int[n], start = new int[n];
        int bestEnd = 0;
        for (int i = 0; i < n; i++) {
            len[i] = 1;
            start[i] = i;
            for (int j = 0; j < i; j++) {
                if (smoothed[j] > smoothed[i] && (len[j] + 1 > len[i] || (len[j] + 1 == len[i] && start[j] < start[i]))) {
                    len[i] = len[j] + 1;
                    start[i] = start[j];
                }
            }
            if (len[i] > len[bestEnd] || (len[i] == len[bestEnd] && smoothed[i] < smoothed[bestEnd])) bestEnd = i;
        }
        int s = start[bestEnd], e = bestEnd;
        double drop = smoothed[s] - smoothed[e];
        if (e - s < 2 || drop <= MIN_DROP * Math.abs(top(smoothed, n))) return OptionalDouble.empty();
        double target = smoothed[s] - VALLEY_DEPTH * drop;
        int idx = s;
        while (idx < e && smoothed[idx] > target) idx++;
        return OptionalDouble.of(lrs[idx]);
    }

    /**
     * The steep rule: the LR where the smoothed loss falls fastest against log10(LR), measured with a centred
     * difference over a window of about 4% of the points, searched up to the minimum.
     */
    public static OptionalDouble steep(double[] lrs, double[] smoothed) {
        Curve c = Curve.of(lrs, smoothed);
        return c == null ? OptionalDouble.empty() : steep(c);
    }

    private static OptionalDouble steep(Curve c) {
        double[] lrs = c.lrs(), smoothed = c.loss();
        int n = c.n();
        int m = argmin(smoothed, n);
        int k = Math.max(1, n / 25);
        double bestSlope = 0;
        int best = -1;
        for (int i = 0; i <= m; i++) {
            int lo = Math.max(0, i - k), hi = Math.min(n - 1, i + k);
            if (hi == lo) continue;
            double dx = Math.log10(lrs[hi]) - Math.log10(lrs[lo]);
            if (!(dx > 0)) continue;
            double slope = (smoothed[hi] - smoothed[lo]) / dx;
            if (slope < bestSlope) {
                bestSlope = slope;
                best = i;
            }
        }
        return best < 0 ? OptionalDouble.empty() : OptionalDouble.of(lrs[best]);
    }

    /** The LR at the minimum smoothed loss, divided by 10. */
    public static OptionalDouble minimumDiv10(double[] lrs, double[] smoothed) {
        Curve c = Curve.of(lrs, smoothed);
        return c == null ? OptionalDouble.empty() : minimumDiv10(c);
    }

    private static OptionalDouble minimumDiv10(Curve c) {
        double[] lrs = c.lrs(), smoothed = c.loss();
        int n = c.n();
        return OptionalDouble.of(lrs[argmin(smoothed, n)] / 10);
    }

    /**
     * The slide rule: starting at the minimum, walk back towards smaller LRs while the loss stays within
     * {@link #SLIDE_TOLERANCE} of the total drop above the minimum; the smallest LR still inside that interval.
     */
    public static OptionalDouble slide(double[] lrs, double[] smoothed) {
        Curve c = Curve.of(lrs, smoothed);
        return c == null ? OptionalDouble.empty() : slide(c);
    }

    private static OptionalDouble slide(Curve c) {
        double[] lrs = c.lrs(), smoothed = c.loss();
        int n = c.n();
        int m = argmin(smoothed, n);
        double limit = smoothed[m] + SLIDE_TOLERANCE * (top(smoothed, n) - smoothed[m]);
        int i = m;
        while (i > 0 && smoothed[i - 1] <= limit) i--;
        return OptionalDouble.of(lrs[i]);
    }

    /**
     * Index of the first point where the range test should stop: smoothed loss not finite or above 4× its best
     * so far; -1 if none.
     */
    public static int divergenceIndex(double[] smoothed) {
        return Smoother.divergenceIndex(smoothed);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The part of a curve the rules read: from the first positive LR (a linear ramp may start at 0, which has no
     * place on a log axis) up to the first non-finite loss.
     *
     * @param n how many points of {@code lrs}/{@code loss} are usable
     */
    private record Curve(double[] lrs, double[] loss, int n) {
        /** The usable curve, or null when it has too few points or no real descent. */
        static Curve of(double[] lrs, double[] smoothed) {
            if (lrs == null || smoothed == null) throw new IllegalArgumentException("lrs and losses must not be null");
            if (lrs.length != smoothed.length) {
                throw new IllegalArgumentException("lrs has " + lrs.length + " values but losses has " + smoothed.length
                        + ": they must match point for point");
            }
            int skip = 0;
            while (skip < lrs.length && lrs[skip] == 0) skip++;
            double[] x = skip == 0 ? lrs : Arrays.copyOfRange(lrs, skip, lrs.length);
            double[] y = skip == 0 ? smoothed : Arrays.copyOfRange(smoothed, skip, smoothed.length);
            int n = 0;
            while (n < y.length && Double.isFinite(y[n])) n++;
            for (int i = 0; i < n; i++) {
                if (!(x[i] > 0) || Double.isInfinite(x[i])) {
                    throw new IllegalArgumentException("learning rate " + x[i] + " at point " + (i + skip)
                            + " is invalid: the ramp's LRs must be finite and > 0 (only leading zeros are skipped)");
                }
                if (i > 0 && x[i] < x[i - 1]) {
                    throw new IllegalArgumentException("learning rates must not decrease along the ramp, but point " + (i + skip)
                            + " (" + x[i] + ") is below point " + (i + skip - 1) + " (" + x[i - 1] + ")");
                }
            }
            if (n < MIN_POINTS) return null;
            double top = top(y, n);
            double min = y[argmin(y, n)];
            if (!(top - min > MIN_DROP * Math.abs(top))) return null;
            return new Curve(x, y, n);
        }
    }

    /** The highest loss before the minimum: the level the descent starts from. */
    private static double top(double[] smoothed, int n) {
        int m = argmin(smoothed, n);
        double t = smoothed[0];
        for (int i = 1; i <= m; i++) t = Math.max(t, smoothed[i]);
        return t;
    }

    private static int argmin(double[] v, int n) {
        int m = 0;
        for (int i = 1; i < n; i++) if (v[i] < v[m]) m = i;
        return m;
    }

    private static void put(Map<String, Double> out, String key, OptionalDouble v) {
        if (v.isPresent()) out.put(key, v.getAsDouble());
    }
}
