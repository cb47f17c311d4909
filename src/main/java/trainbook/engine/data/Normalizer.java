package trainbook.engine.data;

/**
 * Input standardisation fitted on the training set: one mean/std for images (all pixels), one per feature for
 * tabular data. Non-finite values are ignored when fitting and left as they are when applied.
 */
public final class Normalizer {
    private final double[] mean;
    private final double[] std;

    private Normalizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits per-feature ({@code perFeature}) or global statistics on {@code train}. */
    public static Normalizer fit(HostData train, boolean perFeature) {
        int f = perFeature ? train.sampleSize() : 1;
        double[] sum = new double[f];
        double[] sq = new double[f];
        long[] cnt = new long[f];
        int s = train.sampleSize();
        int n = train.length();
        for (int i = 0; i < n; i++) {
            float v = train.value(i);
            if (!Float.isFinite(v)) continue;
            int j = perFeature ? i % s : 0;
            sum[j] += v;
            sq[j] += (double) v * v;
            cnt[j]++;
        }
        double[] mean = new double[f];
        double[] std = new double[f];
        for (int j = 0; j < f; j++) {
            mean[j] = cnt[j] == 0 ? 0 : sum[j] / cnt[j];
            double var = cnt[j] == 0 ? 1 : Math.max(0, sq[j] / cnt[j] - mean[j] * mean[j]);
            std[j] = var < 1e-12 ? 1 : Math.sqrt(var);
        }
        return new Normalizer(mean, std);
    }

    /**
     * {@code d} normalised (targets unchanged), as a view that computes the values when read: the feature array is
     * not copied ({@link HostData#standardised}); {@link DeviceData} applies the statistics on the device.
     */
    public HostData apply(HostData d) {
        if (d == null) return null;
        return d.standardised(mean, std);
    }

    /** Means (one, or one per feature). */
    public double[] mean() { return mean.clone(); }
    /** Standard deviations (one, or one per feature). */
    public double[] std() { return std.clone(); }
}
