package trainbook.engine.data;

import java.util.List;
import java.util.Random;

/**
 * Synthetic data sets for quick experiments and tests: {@code blobs} and {@code spirals} (classification) and
 * {@code linear} (regression, guide 001's {@code y = 2·Σx + 3} plus gaussian noise).
 */
public final class Synthetic {
    private Synthetic() {}

    /**
     * Gaussian blobs: {@code classes} clusters with unit standard deviation around centres spread on a circle of
     * radius 4 (features beyond the first two get a random centre coordinate in [-4, 4]).
     */
    public static HostData blobs(int n, int classes, int features, long seed) {
        check(n, classes, features);
        Random rnd = new Random(seed);
        double[][] centres = new double[classes][features];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < features; j++) {
                double a = 2 * Math.PI * c / classes;
                centres[c][j] = j == 0 ? 4 * Math.cos(a) : j == 1 ? 4 * Math.sin(a) : (rnd.nextDouble() * 8 - 4);
            }
        }
        float[] x = new float[n * features];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            for (int j = 0; j < features; j++) x[i * features + j] = (float) (centres[c][j] + rnd.nextGaussian());
        }
        return new HostData("blobs", x, new long[]{features}, y, HostData.CLASSIFICATION, classes, List.of(), false);
    }

    /** Interleaved 2-D spirals (one arm per class), radius in [0, 1], angular noise 0.2. */
    public static HostData spirals(int n, int classes, long seed) {
        check(n, classes, 2);
        Random rnd = new Random(seed);
        float[] x = new float[n * 2];
        float[] y = new float[n];
        int per = (n + classes - 1) / classes;
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            int k = i / classes;
            double r = per == 1 ? 0.5 : (double) k / (per - 1);
            double t = c * 4.0 + 4.0 * r + rnd.nextGaussian() * 0.2;
            x[2 * i] = (float) (r * Math.sin(t));
            x[2 * i + 1] = (float) (r * Math.cos(t));
            y[i] = c;
        }
        return new HostData("spirals", x, new long[]{2}, y, HostData.CLASSIFICATION, classes, List.of(), false);
    }

    /** Linear regression: x ~ N(0, 1)^features, y = 2·Σx + 3 + N(0, noise²). */
    public static HostData linear(int n, int features, double noise, long seed) {
        check(n, 2, features);
        Random rnd = new Random(seed);
        float[] x = new float[n * features];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < features; j++) {
                float v = (float) rnd.nextGaussian();
                x[i * features + j] = v;
                s += v;
            }
            y[i] = (float) (2 * s + 3 + noise * rnd.nextGaussian());
        }
        return new HostData("linear", x, new long[]{features}, y, HostData.REGRESSION, 0, List.of(), false);
    }

    private static void check(int n, int classes, int features) {
        if (n < 2) throw new IllegalArgumentException("n '" + n + "': expected at least 2 samples");
        if (classes < 2) throw new IllegalArgumentException("classes '" + classes + "': expected at least 2");
        if (features < 1) throw new IllegalArgumentException("features '" + features + "': expected at least 1");
    }
}
