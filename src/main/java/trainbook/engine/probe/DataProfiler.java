package trainbook.engine.probe;

import trainbook.engine.data.HostData;
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
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sq = 0;
        long finite = 0, nonFinite = 0;
        int n = train.length();
        float[] table = train.byteValues();
        if (table != null) {
            // byte pixels: the same values in the same order through their 256-entry table, so the same sums bit
            // for bit, without a call and a division per value (a few hundred ms of the first batch before)
            byte[] px = train.rawPixels();
            int[] rows = train.rows();
            int s = train.sampleSize();
            for (int r = 0; r < train.size(); r++) {
                int base = (rows == null ? r : rows[r]) * s;
                for (int j = 0; j < s; j++) {
                    float v = table[px[base + j] & 0xff];
                    if (!Float.isFinite(v)) {
                        nonFinite++;
                        continue;
                    }
                    finite++;
                    if (v < min) min = v;
                    if (v > max) max = v;
                    sum += v;
                    sq += (double) v * v;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                float v = train.value(i); // as the model sees it, without a standardised copy
                if (!Float.isFinite(v)) {
                    nonFinite++;
                    continue;
                }
                finite++;
                if (v < min) min = v;
                if (v > max) max = v;
                sum += v;
                sq += (double) v * v;
            }
        }
        double mean = finite == 0 ? Double.NaN : sum / finite;
        double std = finite == 0 ? Double.NaN : Math.sqrt(Math.max(0, sq / finite - mean * mean));
        float[] y = train.y();
        double lmin = Double.POSITIVE_INFINITY, lmax = Double.NEGATIVE_INFINITY, ysum = 0, ysq = 0;
        long yn = 0;
        boolean integers = true;
        for (float v : y) {
            if (!Float.isFinite(v)) { integers = false; continue; }
            yn++;
            lmin = Math.min(lmin, v);
            lmax = Math.max(lmax, v);
            ysum += v;
            ysq += (double) v * v;
            if (v != Math.rint(v)) integers = false;
        }
        double ymean = yn == 0 ? Double.NaN : ysum / yn;
        double yvar = yn == 0 ? Double.NaN : Math.max(0, ysq / yn - ymean * ymean);
        long[] counts = new long[train.isClassification() ? train.numClasses() : 0];
        if (train.isClassification()) {
            for (float v : y) {
                int c = (int) v;
                if (c >= 0 && c < counts.length) counts[c]++;
            }
        }
        if (finite == 0) { min = Double.NaN; max = Double.NaN; }
        if (yn == 0) { lmin = Double.NaN; lmax = Double.NaN; }
        return new DataProfile(name, train.task(), train.isClassification() ? train.numClasses() : 0,
                train.sampleShape(), train.size(), valSize, min, max, mean, std, nonFinite, lmin, lmax, counts,
                ymean, yvar, integers, normalized);
    }
}
