package trainbook.doctor.scenario;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import trainbook.engine.data.HostData;

import java.util.List;
import java.util.Random;

/** Small hand-made data sets for the broken-on-purpose scenarios (what a notebook user might hand in). */
final class Data {
    private Data() {}

    /**
     * Standardised blobs: {@code classes} gaussian clusters (σ 0.5) around centres on the unit circle, in 2-D, with
     * labels {@code 0..classes-1} plus {@code labelOffset}; inputs have mean ≈ 0 and std ≈ 1 (healthy input scale).
     */
    static HostData blobs(int n, int classes, long seed) {
        return blobs(n, classes, seed, 1.0, 0.0, 0);
    }

    /** Blobs with inputs mapped by {@code x·scale + shift}, and labels shifted by {@code labelOffset}. */
    static HostData blobs(int n, int classes, long seed, double scale, double shift, int labelOffset) {
        Random rnd = new Random(seed);
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            double a = 2 * Math.PI * c / classes;
            x[2 * i] = (float) ((Math.cos(a) + 0.5 * rnd.nextGaussian()) * scale + shift);
            x[2 * i + 1] = (float) ((Math.sin(a) + 0.5 * rnd.nextGaussian()) * scale + shift);
            y[i] = c + labelOffset;
        }
        return new HostData("blobs", x, new long[]{2}, y, HostData.CLASSIFICATION, classes + labelOffset, List.of(),
                false);
    }

    /** Blobs where class 0 holds {@code majorityShare} of the samples. */
    static HostData imbalanced(int n, double majorityShare, long seed) {
        HostData b = blobs(n, 2, seed);
        Random rnd = new Random(seed + 1);
        float[] x = b.x().clone();
        float[] y = b.y().clone();
        for (int i = 0; i < n; i++) {
            int c = rnd.nextDouble() < majorityShare ? 0 : 1;
            double a = Math.PI * c;
            x[2 * i] = (float) (Math.cos(a) + 0.5 * rnd.nextGaussian());
            x[2 * i + 1] = (float) (Math.sin(a) + 0.5 * rnd.nextGaussian());
            y[i] = c;
        }
        return new HostData("imbalanced", x, new long[]{2}, y, HostData.CLASSIFICATION, 2, List.of(), false);
    }

    /** Copy of {@code d} with its labels permuted: the inputs no longer say anything about the labels. */
    static HostData shuffledLabels(HostData d, long seed) {
        float[] y = d.y().clone();
        Random rnd = new Random(seed);
        for (int i = y.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            float t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return new HostData(d.name() + "+shuffled", d.x().clone(), d.sampleShape(), y, d.task(), d.numClasses(),
                d.classNames(), d.isImage());
    }

    /** Copy of {@code d} with {@code count} input values replaced by NaN. */
    static HostData withNaN(HostData d, int count, long seed) {
        float[] x = d.x().clone();
        Random rnd = new Random(seed);
        for (int i = 0; i < count; i++) x[rnd.nextInt(x.length)] = Float.NaN;
        return new HostData(d.name() + "+nan", x, d.sampleShape(), d.y().clone(), d.task(), d.numClasses(),
                d.classNames(), d.isImage());
    }

    /**
     * "Images" of 8×8 raw 8-bit pixels (0–255): class c lights up row band c; {@code scaled} divides by 255.
     */
    static HostData pixels(int n, int classes, long seed, boolean scaled) {
        Random rnd = new Random(seed);
        float[] x = new float[n * 64];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            for (int p = 0; p < 64; p++) {
                int row = p / 8;
                double v = (row * classes / 8 == c ? 200 : 30) + 25 * rnd.nextGaussian();
                v = Math.max(0, Math.min(255, Math.rint(v)));
                x[i * 64 + p] = (float) (scaled ? v / 255.0 : v);
            }
            y[i] = c;
        }
        return new HostData("pixels", x, new long[]{64}, y, HostData.CLASSIFICATION, classes, List.of(), false);
    }

    /** A DJL dataset of standardised blobs whose labels are float class ids (the task follows the loss). */
    static ArrayDataset floatLabelBlobs(NDManager m, int n, int classes, long seed, int batch) {
        HostData b = blobs(n, classes, seed);
        return new ArrayDataset.Builder()
                .setData(m.create(b.x(), new ai.djl.ndarray.types.Shape(n, 2)))
                .optLabels(m.create(b.y(), new ai.djl.ndarray.types.Shape(n)))
                .setSampling(batch, false)
                .build();
    }
}
