package trainbook.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A labelled data set held in host memory: features row-major as {@code float}s, one target per sample (a class
 * index for classification, a value for regression). The engine loads every data source into this form, profiles
 * and normalises it, then moves it to the device once ({@link DeviceData}).
 */
public final class HostData {
    /** {@code classification} */
    public static final String CLASSIFICATION = "classification";
    /** {@code regression} */
    public static final String REGRESSION = "regression";

    private final String name;
    /** Features as floats, or null when they are held as {@link #pixels}. */
    private final float[] x;
    /**
     * Features as unsigned bytes scaled by {@link #pixelScale} (image files), or null: a quarter of the memory of
     * floats — Fashion-MNIST's training images are 47 MB this way, 188 MB as floats — and the device converts them.
     */
    private final byte[] pixels;
    private final float pixelScale;
    private final long[] sampleShape;
    private final float[] y;
    private final int size;
    private final String task;
    private final int numClasses;
    private final List<String> classNames;
    private final boolean image;
    /**
     * A standardisation not yet applied to {@link #x}: value = (x − mean[j]) / std[j], j the feature (or 0 for one
     * statistic over all values); null when the values are final. {@link DeviceData} applies it on the device, so a
     * run does not hold a standardised host copy beside the loaders' cached one.
     */
    private final double[] mean;
    private final double[] std;
    /**
     * Which samples of {@link #x} this data holds, in order, or null for all of them. A subset (a validation split,
     * a head) is a list of rows over the same feature array, so every split of a data set shares one host copy and
     * one device copy ({@link DeviceCache}); the targets, being small, are copied.
     */
    private final int[] rows;
    /** The targets of every sample of {@link #x} (for a subset, the whole data set's; else {@link #y}). */
    private final float[] allY;
    private float[] materialised;

    /**
     * @param name        data name, e.g. {@code fashion-mnist}
     * @param x           features, {@code size × prod(sampleShape)} values
     * @param sampleShape shape of one sample, e.g. {@code [1, 28, 28]} or {@code [4]}
     * @param y           targets, one per sample
     * @param task        {@link #CLASSIFICATION} or {@link #REGRESSION}
     * @param numClasses  classes (classification) or 0
     * @param classNames  class names (may be empty)
     * @param image       whether samples are images (channels, height, width)
     */
    public HostData(String name, float[] x, long[] sampleShape, float[] y, String task, int numClasses,
                    List<String> classNames, boolean image) {
        this(name, x, null, 0f, sampleShape, y, task, numClasses, classNames, image, null, null, null, null);
    }

    /**
     * Images held as unsigned bytes: feature value = {@code (pixels[i] & 0xff) × scale} (e.g. scale 1/255 for
     * values in [0, 1]). The other parameters are those of the float constructor.
     */
    public static HostData ofPixels(String name, byte[] pixels, float scale, long[] sampleShape, float[] y,
                                    String task, int numClasses, List<String> classNames) {
        return new HostData(name, null, pixels, scale, sampleShape, y, task, numClasses, classNames, true, null, null,
                null, null);
    }

    private HostData(String name, float[] x, byte[] pixels, float pixelScale, long[] sampleShape, float[] y,
                     String task, int numClasses, List<String> classNames, boolean image, double[] mean,
                     double[] std, int[] rows, float[] allY) {
        long per = 1;
        for (long d : sampleShape) per *= d;
        long values = x != null ? x.length : pixels.length;
        if (per <= 0 || values % per != 0 || (rows == null ? values / per != y.length : rows.length != y.length)) {
            throw new IllegalArgumentException("data '" + name + "': " + values + " feature values do not match "
                    + y.length + " targets of shape " + Arrays.toString(sampleShape));
        }
        this.pixels = pixels;
        this.pixelScale = pixelScale;
        this.rows = rows;
        this.allY = rows == null ? y : allY;
        this.name = name;
        this.x = x;
        this.sampleShape = sampleShape.clone();
        this.y = y;
        this.size = y.length;
        this.task = task;
        this.numClasses = numClasses;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        this.image = image;
        this.mean = mean;
        this.std = std;
    }

    /**
     * This data standardised as {@code (x − mean[j]) / std[j]} (one statistic, or one per feature), without
     * copying: the values are computed when read ({@link #x()}, {@link #value(int)}) or on the device.
     */
    public HostData standardised(double[] mean, double[] std) {
        if (mean.length != std.length || (mean.length != 1 && mean.length != sampleSize())) {
            throw new IllegalArgumentException("standardisation of '" + name + "': " + mean.length + " means and "
                    + std.length + " stds for " + sampleSize() + " features");
        }
        if (this.mean != null) return new HostData(name, x(), null, 0f, sampleShape, y, task, numClasses, classNames,
                image, mean.clone(), std.clone(), null, null);
        return new HostData(name, x, pixels, pixelScale, sampleShape, y, task, numClasses, classNames, image,
                mean.clone(), std.clone(), rows, allY);
    }

    /** Whether a standardisation is pending ({@link #standardised}); {@link #rawX()} then holds the raw values. */
    public boolean isStandardisedView() { return mean != null; }
    /**
     * The raw feature array this data reads from, before a pending standardisation; not copied (a fresh float copy
     * when the features are stored as pixels). For a subset it is the whole data set's array: {@link #rows()} says
     * which of its samples belong here.
     */
    public float[] rawX() {
        if (x != null) return x;
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) out[i] = (pixels[i] & 0xff) * pixelScale;
        return out;
    }
    /** The whole data set's feature array as stored (a {@code float[]}, or {@code byte[]} pixels): its identity. */
    public Object storage() { return x != null ? x : pixels; }
    /** Unsigned-byte pixels when the features are stored so ({@link #ofPixels}), else null; not copied. */
    public byte[] rawPixels() { return pixels; }
    /** The factor that turns {@link #rawPixels()} into feature values. */
    public float pixelScale() { return pixelScale; }
    /** The targets of every sample of {@link #rawX()} (not copied): {@link #y()} is its {@link #rows()}. */
    public float[] rawY() { return allY; }
    /** The samples of {@link #rawX()} this data holds, in order (not copied), or null for all of them. */
    public int[] rows() { return rows; }
    /**
     * For byte pixels with no pending standardisation or one statistic for all values: the 256 feature values a
     * byte can stand for, as {@link #value(int)} computes them (so a loop over the bytes through this table sees
     * bit for bit the same floats); null for other data.
     */
    public float[] byteValues() {
        if (pixels == null || (mean != null && mean.length != 1)) return null;
        float[] out = new float[256];
        for (int b = 0; b < 256; b++) {
            float raw = b * pixelScale;
            out[b] = mean == null ? raw : (float) ((raw - mean[0]) / std[0]);
        }
        return out;
    }

    /** Pending standardisation means (one, or one per feature), or null. */
    public double[] pendingMean() { return mean == null ? null : mean.clone(); }
    /** Pending standardisation standard deviations, or null. */
    public double[] pendingStd() { return std == null ? null : std.clone(); }

    /** Feature value {@code i} (row-major) as the model sees it, with any pending standardisation applied. */
    public float value(int i) {
        int s = sampleSize();
        int at = rows == null ? i : rows[i / s] * s + i % s;
        float raw = x != null ? x[at] : (pixels[at] & 0xff) * pixelScale;
        if (mean == null) return raw;
        int j = mean.length == 1 ? 0 : i % s;
        return (float) ((raw - mean[j]) / std[j]);
    }

    public String name() { return name; }
    /**
     * Features, row-major, as the model sees them; not copied. For a standardised view the values are computed
     * once on first call (a copy): the engine's own paths use {@link #rawX()} and {@link #value(int)} instead.
     */
    public float[] x() {
        if (mean == null && rows == null && x != null) return x;
        if (materialised == null) {
            float[] out = new float[length()];
            for (int i = 0; i < out.length; i++) out[i] = value(i);
            materialised = out;
        }
        return materialised;
    }
    /** Targets; not copied. */
    public float[] y() { return y; }
    public long[] sampleShape() { return sampleShape.clone(); }
    public int size() { return size; }
    /** Values per sample. */
    public int sampleSize() { return (int) prod(sampleShape); }
    /** Number of feature values (size × sampleSize). */
    public int length() { return size * sampleSize(); }
    public String task() { return task; }
    public boolean isClassification() { return CLASSIFICATION.equals(task); }
    public int numClasses() { return numClasses; }
    public List<String> classNames() { return classNames; }
    public boolean isImage() { return image; }

    /** The samples at the given indices, in that order: a view over the same feature array (targets copied). */
    public HostData subset(int[] idx) {
        int[] nr = new int[idx.length];
        float[] ny = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= size) {
                throw new IndexOutOfBoundsException("sample " + idx[i] + " of '" + name + "' (" + size + " samples)");
            }
            nr[i] = rows == null ? idx[i] : rows[idx[i]];
            ny[i] = y[idx[i]];
        }
        return new HostData(name, x, pixels, pixelScale, sampleShape, ny, task, numClasses, classNames, image, mean,
                std, nr, allY);
    }

    /**
     * The samples of the given classes, relabelled {@code classes[i] → i}: a view over the same feature array whose
     * targets (this subset's and the whole array's, which the device copy reads) carry the new labels, so a model
     * trained on it has {@code classes.length} outputs.
     *
     * @throws IllegalArgumentException for regression data, a class outside 0..numClasses-1, or a repeated class
     */
    public HostData selectClasses(int[] classes) {
        if (!isClassification()) {
            throw new IllegalArgumentException("classes: data '" + name + "' is a regression set; classes= picks classes"
                    + " of a classification data set");
        }
        int[] map = new int[numClasses];
        Arrays.fill(map, -1);
        for (int i = 0; i < classes.length; i++) {
            int c = classes[i];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("classes: class " + c + " is not in data '" + name + "', which has"
                        + " classes 0.." + (numClasses - 1));
            }
            if (map[c] >= 0) throw new IllegalArgumentException("classes: class " + c + " is listed twice");
            map[c] = i;
        }
        float[] newAll = new float[allY.length];
        for (int r = 0; r < allY.length; r++) {
            int c = (int) allY[r];
            newAll[r] = c >= 0 && c < numClasses ? map[c] : -1;
        }
        int n = 0;
        for (float v : y) if (map[(int) v] >= 0) n++;
        int[] nr = new int[n];
        float[] ny = new float[n];
        int j = 0;
        for (int i = 0; i < size; i++) {
            int m = map[(int) y[i]];
            if (m < 0) continue;
            nr[j] = rows == null ? i : rows[i];
            ny[j++] = m;
        }
        List<String> names = new ArrayList<>();
        for (int c : classes) names.add(c < classNames.size() ? classNames.get(c) : Integer.toString(c));
        return new HostData(name, x, pixels, pixelScale, sampleShape, ny, task, classes.length, names, image, mean,
                std, nr, newAll);
    }

    /** The first {@code n} samples (or all when fewer). */
    public HostData head(int n) {
        int m = Math.min(n, size);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return subset(idx);
    }

    /**
     * Splits off a validation part with a seeded shuffle (stratified by class for classification).
     *
     * @param fraction fraction of samples that go to validation, in (0, 1)
     * @return {train, validation}
     */
    public HostData[] split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split '" + fraction + "': expected a fraction between 0 and 1, e.g. split=0.1");
        }
        Random rnd = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        if (isClassification() && numClasses > 0) {
            List<List<Integer>> byClass = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) byClass.add(new ArrayList<>());
            for (int i = 0; i < size; i++) byClass.get((int) y[i]).add(i);
            // largest-remainder allocation so the validation part is round(size × fraction) overall
            int total = (int) Math.round(size * fraction);
            int[] quota = new int[numClasses];
            double[] rem = new double[numClasses];
            int given = 0;
            for (int c = 0; c < numClasses; c++) {
                double q = byClass.get(c).size() * fraction;
                quota[c] = (int) Math.floor(q);
                rem[c] = q - quota[c];
                given += quota[c];
            }
            while (given < total) {
                int arg = -1;
                for (int c = 0; c < numClasses; c++) {
                    if (quota[c] < byClass.get(c).size() && (arg < 0 || rem[c] > rem[arg])) arg = c;
                }
                if (arg < 0) break;
                quota[arg]++;
                rem[arg] = -1;
                given++;
            }
            for (int c = 0; c < numClasses; c++) {
                List<Integer> cls = byClass.get(c);
                java.util.Collections.shuffle(cls, rnd);
                val.addAll(cls.subList(0, quota[c]));
                train.addAll(cls.subList(quota[c], cls.size()));
            }
            java.util.Collections.shuffle(train, rnd);
            java.util.Collections.shuffle(val, rnd);
        } else {
            int[] perm = permutation(size, rnd);
            int nv = (int) Math.round(size * fraction);
            for (int i = 0; i < size; i++) (i < nv ? val : train).add(perm[i]);
        }
        if (train.isEmpty() || val.isEmpty()) {
            throw new IllegalArgumentException("split=" + fraction + " of " + size + " samples leaves an empty part;"
                    + " use a fraction that keeps at least one sample on each side");
        }
        return new HostData[]{subset(train.stream().mapToInt(Integer::intValue).toArray()),
                subset(val.stream().mapToInt(Integer::intValue).toArray())};
    }

    /** A seeded Fisher–Yates permutation of 0..n-1. */
    public static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static long prod(long[] s) {
        long p = 1;
        for (long d : s) p *= d;
        return p;
    }

    @Override
    public String toString() {
        return "HostData[" + name + ", " + size + " × " + Arrays.toString(sampleShape) + ", " + task
                + (isClassification() ? ", " + numClasses + " classes" : "") + "]";
    }
}
