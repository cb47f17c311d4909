package trainbook.engine.data;

/**
 * Input standardisation fitted on the training set: one mean/std for images (all pixels), one per feature for
 * tabular data. Non-finite values are ignored when fitting and left as they are when applied.
 */
public final class Normalizer {
    private final double[] mean;
    private final double[] std;
    private final boolean perFeature;

    private Normalizer(double[] mean, double[] std, boolean perFeature) {
        this.mean = mean;
        this.std = std;
        this.perFeature = perFeature;
    }

    /** Fits per-feature ({@code perFeature}) or global statistics on {@code train}. */
    public static Normalizer fit(HostData train, boolean perFeature) {
        int f = perFeature ? train.sampleSize() : 1;
        double[] sum = new double[f];
        double[] sq = new double[f];
        long[] cnt = new long[f];
        float[] x = train.x();
        int s = train.sampleSize();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
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
        return new Normalizer(mean, std, perFeature);
    }

    /** A normalised copy of {@code d} (targets unchanged). */
    public HostData apply(HostData d) {
        if (d == null) return null;
        float[] x = d.x();
        float[] out = new float[x.length];
        int s = d.sampleSize();
        for (int i = 0; i < x.length; i++) {
            int j = perFeature ? i % s : 0;
            out[i] = (float) ((x[i] - mean[j]) / std[j]);
        }
        return new HostData(d.name(), out, d.sampleShape(), d.y(), d.task(), d.numClasses(), d.classNames(),
                d.isImage());
    }

    /** Means (one, or one per feature). */
    public double[] mean() { return mean.clone(); }
    /** Standard deviations (one, or one per feature). */
    public double[] std() { return std.clone(); }
}
