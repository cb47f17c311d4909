package trainbook.engine.probe;

import trainbook.engine.data.HostData;
import trainbook.engine.data.PixelSums;
import trainbook.engine.run.DataProfile;

/** Computes a {@link DataProfile} from host data as the model sees it (after normalisation). */
public final class DataProfiler {
    private DataProfiler() {}

    /**
     * @param name       data name to record
     * @param train      training set (after normalisation)
     * @param valSize    validation samples (0 when none)
     * @param normalized whether the engine normalised the inputs
     */
    public static DataProfile profile(String name, HostData train, int valSize, boolean normalized) {
        Moments x = inputs(train);
        Moments y = new Moments();
        boolean integers = true;
        for (float v : train.y()) {
            y.add(v);
            if (Float.isFinite(v) && v != Math.rint(v)) integers = false;
        }
        if (y.nonFinite > 0) integers = false;
        long[] counts = new long[train.isClassification() ? train.numClasses() : 0];
        for (float v : train.y()) {
            int c = (int) v;
            if (c >= 0 && c < counts.length) counts[c]++;
        }
        double ymean = y.mean();
        double yvar = y.finite == 0 ? Double.NaN : Math.max(0, y.sq / y.finite - ymean * ymean);
        return new DataProfile(name, train.task(), train.isClassification() ? train.numClasses() : 0,
                train.sampleShape(), train.size(), valSize, x.min(), x.max(), x.mean(), x.std(), x.nonFinite,
                y.min(), y.max(), counts, ymean, yvar, integers, normalized);
    }

    /** The inputs' moments, as the model sees them (after normalisation), without a standardised copy. */
    private static Moments inputs(HostData train) {
        Moments m = new Moments();
        float[] table = train.byteValues();
        if (table == null) {
            for (int i = 0, n = train.length(); i < n; i++) m.add(train.value(i));
            return m;
        }
        // byte pixels: the same values in the same order through their 256-entry table, so the same sums bit
        // for bit, without a call and a division per value (a few hundred ms of the first batch otherwise)
        byte[] px = train.rawPixels();
        int[] rows = train.rows();
        int s = train.sampleSize();
        // a second run on the same data (same pixels, rows and standardisation) reads the sums kept by PixelSums
        PixelSums.Key key = PixelSums.key("profile " + s + "x" + train.size(), px, rows, table);
        double[] kept = PixelSums.get(key);
        if (kept != null) {
            m.min = kept[0];
            m.max = kept[1];
            m.sum = kept[2];
            m.sq = kept[3];
            m.finite = (long) kept[4];
            m.nonFinite = (long) kept[5];
            return m;
        }
        for (int r = 0; r < train.size(); r++) {
            int base = (rows == null ? r : rows[r]) * s;
            for (int j = 0; j < s; j++) m.add(table[px[base + j] & 0xff]);
        }
        PixelSums.put(key, new double[]{m.min, m.max, m.sum, m.sq, m.finite, m.nonFinite});
        return m;
    }

    /** Running min, max, sum and sum of squares of the finite values, and a count of the others. */
    private static final class Moments {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum, sq;
        long finite, nonFinite;

        void add(float v) {
            if (!Float.isFinite(v)) {
                nonFinite++;
                return;
            }
            finite++;
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
            sq += (double) v * v;
        }

        double min() { return finite == 0 ? Double.NaN : min; }

        double max() { return finite == 0 ? Double.NaN : max; }

        double mean() { return finite == 0 ? Double.NaN : sum / finite; }

        double std() {
            double mean = mean();
            return finite == 0 ? Double.NaN : Math.sqrt(Math.max(0, sq / finite - mean * mean));
        }
    }
}
