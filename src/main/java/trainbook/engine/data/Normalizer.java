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
        if (!perFeature && train.byteValues() != null && !train.isStandardisedView()) return fitPixels(train);
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
        return of(sum, sq, cnt);
    }

    /**
     * {@link #fit} over byte pixels without a call per value: the same float values added in the same order, so the
     * statistics are bit for bit those of the general loop (a histogram would be faster but rounds differently), in
     * a fifth of its time on Fashion-MNIST — part of the first batch's latency.
     */
    private static Normalizer fitPixels(HostData train) {
        byte[] px = train.rawPixels();
        int[] rows = train.rows();
        int s = train.sampleSize();
        int n = train.size();
        float[] values = train.byteValues();
        // a second run on the same data (same pixels and rows) reads the sums kept by PixelSums
        PixelSums.Key key = PixelSums.key("fit " + s + "x" + n, px, rows, values);
        double[] kept = PixelSums.get(key);
        if (kept != null) return of(new double[]{kept[0]}, new double[]{kept[1]}, new long[]{(long) n * s});
        double[] value = new double[256];
        double[] square = new double[256];
        for (int b = 0; b < 256; b++) {
            float v = values[b];
            value[b] = v;
            square[b] = (double) v * v;
        }
        double sum = 0;
        double sq = 0;
        for (int r = 0; r < n; r++) {
            int base = (rows == null ? r : rows[r]) * s;
            for (int j = 0; j < s; j++) {
                int b = px[base + j] & 0xff;
                sum += value[b];
                sq += square[b];
            }
        }
        PixelSums.put(key, new double[]{sum, sq});
        return of(new double[]{sum}, new double[]{sq}, new long[]{(long) n * s});
    }

    private static Normalizer of(double[] sum, double[] sq, long[] cnt) {
        int f = sum.length;
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
