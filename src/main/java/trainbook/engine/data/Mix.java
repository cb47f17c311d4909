package trainbook.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * MixUp and CutMix ({@code augment=mixup}, {@code augment=cutmix}): every training batch is blended with a
 * shuffled copy of itself, and so is its loss.
 *
 * <ul>
 *   <li><b>mixup</b> (Zhang et al. 2018): {@code x = λ·x_a + (1 − λ)·x_b}, any data;</li>
 *   <li><b>cutmix</b> (Yun et al. 2019): a box covering a fraction {@code 1 − λ} of the image is pasted from
 *       {@code x_b} into {@code x_a}; λ is then set to the fraction of pixels actually kept (the box is clipped
 *       at the borders). Image data ({@code C×H×W}) only.</li>
 * </ul>
 * With the labels {@code y_a} of the batch and {@code y_b} of the partners, the loss becomes
 * {@code λ·loss(pred, y_a) + (1 − λ)·loss(pred, y_b)}. One λ per batch, drawn from {@code Beta(α, α)} with
 * {@value #MIXUP_ALPHA} for mixup (fastai's default) and {@value #CUTMIX_ALPHA} for cutmix (the paper's); each
 * sample's partner is another sample of the batch (a random cycle through it, so no sample is paired with itself).
 * When both are asked for, each batch uses one of them, chosen with equal odds. λ, the partners, the method and the
 * box come from a {@link Random} seeded from the run's seed: a run is reproducible. Training accuracy on a mixed
 * batch counts a prediction as right when it names the label with the larger share.
 */
public final class Mix {
    /** α of mixup's Beta(α, α): fastai's default; small α keeps most batches close to one of the two images. */
    public static final double MIXUP_ALPHA = 0.4;
    /** α of cutmix's Beta(α, α): the CutMix paper's, a uniform λ. */
    public static final double CUTMIX_ALPHA = 1.0;

    private final boolean mixup;
    private final boolean cutmix;
    private final Random rnd;

    Mix(boolean mixup, boolean cutmix, long seed) {
        if (!mixup && !cutmix) throw new IllegalArgumentException("Mix needs mixup or cutmix");
        this.mixup = mixup;
        this.cutmix = cutmix;
        this.rnd = new Random(seed ^ 0x2545F4914F6CDD1DL);
    }

    /**
     * One mixed batch.
     *
     * @param x       the mixed inputs
     * @param partner for each sample, the index (int64 {@code [B]}) of the sample it was mixed with
     * @param lambda  the weight of each sample's own label
     * @param method  {@code mixup} or {@code cutmix}
     */
    public record Batch(NDArray x, NDArray partner, double lambda, String method) {
        /** {@code λ·loss(pred, y) + (1 − λ)·loss(pred, y[partner])}, differentiable in {@code pred}. */
        public NDArray loss(BiFunction<NDArray, NDArray, NDArray> lossFn, NDArray pred, NDArray y) {
            NDArray own = lossFn.apply(pred, y);
            NDArray other = lossFn.apply(pred, partnerRows(y));
            // float factors: a double scalar would turn the float32 scalar loss into float64
            return own.mul((float) lambda).add(other.mul((float) (1 - lambda)));
        }

        /** The labels of the partners: {@code y[partner]} (any shape with the batch first). */
        public NDArray partnerRows(NDArray y) {
            return y.get(new NDIndex("{}", partner));
        }

        /** The label holding the larger share of each sample: {@code y} when λ ≥ ½, else the partners'. */
        public NDArray dominant(NDArray y) {
            return lambda >= 0.5 ? y : partnerRows(y);
        }
    }

    /** The active methods, in {@code augment=} spelling. */
    public List<String> names() {
        List<String> l = new ArrayList<>();
        if (mixup) l.add("mixup");
        if (cutmix) l.add("cutmix");
        return l;
    }

    /** A one-line account of what mixing does to a run, for the run's notes. */
    public String describe() {
        String a = (mixup ? "mixup λ ~ Beta(" + MIXUP_ALPHA + ", " + MIXUP_ALPHA + ")" : "")
                + (mixup && cutmix ? " or " : "")
                + (cutmix ? "cutmix λ ~ Beta(" + CUTMIX_ALPHA + ", " + CUTMIX_ALPHA + ") (λ = share of pixels kept)" : "");
        return a + " per training batch" + (mixup && cutmix ? " (either, at equal odds)" : "")
                + ": loss = λ·loss(y) + (1 − λ)·loss(y of the mixed-in sample); train_acc counts the label with the larger share";
    }

    /**
     * Mixes a training batch {@code [B, ...]} ({@code [B, C, H, W]} for cutmix) with freshly drawn λ, partners
     * and method; results live in {@code m}. A batch of one sample has no partner and is returned as null
     * (train it unmixed).
     */
    public Batch apply(NDManager m, NDArray xb) {
        int b = (int) xb.getShape().get(0);
        if (b < 2) return null;
        int[] partner = cycle(b, rnd);
        boolean useCut = cutmix && (!mixup || rnd.nextBoolean());
        if (!useCut) return mixup(m, xb, beta(rnd, MIXUP_ALPHA), partner);
        Shape s = xb.getShape();
        int h = (int) s.get(s.dimension() - 2), w = (int) s.get(s.dimension() - 1);
        double lam = beta(rnd, CUTMIX_ALPHA);
        double cut = Math.sqrt(1 - lam);
        int ch = (int) (h * cut), cw = (int) (w * cut);
        int cy = rnd.nextInt(h), cx = rnd.nextInt(w);
        int y0 = clamp(cy - ch / 2, h), y1 = clamp(cy + ch / 2, h);
        int x0 = clamp(cx - cw / 2, w), x1 = clamp(cx + cw / 2, w);
        return cutmix(m, xb, partner, y0, y1, x0, x1);
    }

    /** MixUp with a given λ and partners: {@code λ·x + (1 − λ)·x[partner]}. */
    public static Batch mixup(NDManager m, NDArray x, double lambda, int[] partner) {
        checkLambda(lambda);
        NDArray idx = index(m, partner, x);
        NDArray other = x.get(new NDIndex("{}", idx));
        NDArray mixed = x.mul((float) lambda).add(other.mul((float) (1 - lambda)));
        return new Batch(mixed, idx, lambda, "mixup");
    }

    /**
     * CutMix with a given box: rows {@code [y0, y1)} and columns {@code [x0, x1)} of every image come from its
     * partner; λ = 1 − box area / image area.
     */
    public static Batch cutmix(NDManager m, NDArray x, int[] partner, int y0, int y1, int x0, int x1) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("cutmix needs image batches [B, C, H, W], got " + s);
        }
        int h = (int) s.get(2), w = (int) s.get(3);
        if (!(0 <= y0 && y0 <= y1 && y1 <= h && 0 <= x0 && x0 <= x1 && x1 <= w)) {
            throw new IllegalArgumentException("cutmix box rows " + y0 + ".." + y1 + ", columns " + x0 + ".." + x1
                    + " does not fit a " + h + "×" + w + " image");
        }
        float[] mask = new float[h * w];
        for (int r = y0; r < y1; r++) for (int c = x0; c < x1; c++) mask[r * w + c] = 1;
        NDArray idx = index(m, partner, x);
        NDArray other = x.get(new NDIndex("{}", idx));
        NDArray box = m.create(mask, new Shape(1, 1, h, w)).toDevice(x.getDevice(), false).toType(x.getDataType(), false);
        NDArray mixed = x.mul(box.neg().add(1)).add(other.mul(box));
        double lambda = 1 - (double) (y1 - y0) * (x1 - x0) / ((double) h * w);
        return new Batch(mixed, idx, lambda, "cutmix");
    }

    /** A random cycle through {@code 0..n-1}: partner[o[i]] = o[i+1], so nobody is their own partner (n ≥ 2). */
    static int[] cycle(int n, Random r) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        int[] partner = new int[n];
        for (int i = 0; i < n; i++) partner[o[i]] = o[(i + 1) % n];
        return partner;
    }

    /** A draw from Beta(a, a) as X/(X + Y) with X, Y ~ Gamma(a). */
    static double beta(Random r, double a) {
        double x = gamma(r, a), y = gamma(r, a);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** A draw from Gamma(a, 1): Marsaglia and Tsang's method; for a < 1 boosted as Gamma(a + 1)·U^(1/a). */
    static double gamma(Random r, double a) {
        if (a < 1) return gamma(r, a + 1) * Math.pow(1 - r.nextDouble(), 1 / a);
        double d = a - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z, v;
            do {
                z = r.nextGaussian();
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = 1 - r.nextDouble();
            if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    private static NDArray index(NDManager m, int[] partner, NDArray x) {
        if (partner.length != x.getShape().get(0)) {
            throw new IllegalArgumentException("partner list of " + partner.length + " for a batch of " + x.getShape().get(0));
        }
        long[] l = new long[partner.length];
        for (int i = 0; i < l.length; i++) l[i] = partner[i];
        return m.create(l).toDevice(x.getDevice(), false);
    }

    private static void checkLambda(double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) throw new IllegalArgumentException("λ=" + lambda + " is invalid: use 0 ≤ λ ≤ 1");
    }

    private static int clamp(int v, int hi) {
        return Math.max(0, Math.min(hi, v));
    }
}
