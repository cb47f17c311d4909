package trainbook.engine.lrfind;

/**
 * Debiased exponential moving average of a loss sequence, as the LR range test smooths its curve:
 * {@code avg ← β·avg + (1 − β)·loss}, reported as {@code avg / (1 − β^n)} after n values, so the first value
 * is the first loss itself rather than a value pulled towards 0. Also tracks the best smoothed value and says
 * when the run has diverged (smoothed loss above {@link #DIVERGENCE_FACTOR}× its best, or not finite).
 */
public final class Smoother {
    /** The range test's default β. */
    public static final double DEFAULT_BETA = 0.98;
    /** A range test stops once the smoothed loss exceeds this multiple of its best. */
    public static final double DIVERGENCE_FACTOR = 4;

    private final double beta;
    private double avg;
    private int count;
    private double last = Double.NaN;
    private double best = Double.POSITIVE_INFINITY;

    /** A smoother with β = 0.98. */
    public Smoother() {
        this(DEFAULT_BETA);
    }

    /** @param beta weight of the past, in [0, 1); 0 means no smoothing */
    public Smoother(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta=" + beta + " is invalid: use a value in [0, 1), e.g. 0.98");
        }
        this.beta = beta;
    }

    /** Adds one loss and returns the smoothed value (NaN or infinite once a loss was). */
    public double add(double loss) {
        count++;
        avg = beta * avg + (1 - beta) * loss;
        last = avg / (1 - Math.pow(beta, count));
        if (last < best) best = last;
        return last;
    }

    /** The latest smoothed value (NaN before the first {@link #add}). */
    public double value() {
        return last;
    }

    /** The lowest smoothed value so far (+∞ before the first {@link #add}). */
    public double best() {
        return best;
    }

    /** How many values were added. */
    public int count() {
        return count;
    }

    /** Whether the latest smoothed value is not finite or above {@link #DIVERGENCE_FACTOR}× the best one. */
    public boolean diverged() {
        return count > 0 && diverges(last, best, DIVERGENCE_FACTOR);
    }

    /** Starts over. */
    public void reset() {
        avg = 0;
        count = 0;
        last = Double.NaN;
        best = Double.POSITIVE_INFINITY;
    }

    /** The debiased EMA of {@code losses} with β = 0.98. */
    public static double[] smooth(double[] losses) {
        return smooth(losses, DEFAULT_BETA);
    }

    /** The debiased EMA of {@code losses}. */
    public static double[] smooth(double[] losses, double beta) {
        Smoother s = new Smoother(beta);
        double[] out = new double[losses.length];
        for (int i = 0; i < losses.length; i++) out[i] = s.add(losses[i]);
        return out;
    }

    /**
     * The first index at which the smoothed loss is not finite or exceeds {@code factor}× the best value before
     * or at it; -1 when it never does. The divergence test only applies while the best value is positive
     * (losses below zero only stop on non-finite values).
     */
    public static int divergenceIndex(double[] smoothed, double factor) {
        if (!(factor > 1)) throw new IllegalArgumentException("divergence factor " + factor + " is invalid: use a value > 1, e.g. 4");
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < smoothed.length; i++) {
            double v = smoothed[i];
            if (v < best) best = v;
            if (diverges(v, best, factor)) return i;
        }
        return -1;
    }

    /** {@link #divergenceIndex(double[], double)} with the range test's factor 4. */
    public static int divergenceIndex(double[] smoothed) {
        return divergenceIndex(smoothed, DIVERGENCE_FACTOR);
    }

    private static boolean diverges(double v, double best, double factor) {
        if (!Double.isFinite(v)) return true;
        return best > 0 && v > factor * best;
    }
}
