package trainbook.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Augmentation applied to training batches on the device ({@code augment=flip,crop,noise,cutmix,mixup}): horizontal flip
 * of half the samples, random crop after zero padding of {@value #PAD} pixels, additive gaussian noise (σ
 * {@value #NOISE_STD} in normalised units). Random choices come from a seeded {@link Random} (flip, crop) and the
 * engine's seeded generator (noise), so a run is reproducible. {@code cutmix} and {@code mixup} blend each batch
 * with itself and mix the labels too: see {@link Mix}.
 */
public final class Augment {
    /** Padding for random crops, in pixels. */
    public static final int PAD = 4;
    /** Standard deviation of the added noise. */
    public static final float NOISE_STD = 0.1f;
    /** Valid augmentation names. */
    public static final List<String> VALID = List.of("flip", "crop", "noise", "cutmix", "mixup");

    private final boolean flip;
    private final boolean crop;
    private final boolean noise;
    private final Random rnd;
    /** batch mixing with label mixing (cutmix, mixup), null when neither is asked for */
    private final Mix mix;

    private Augment(boolean flip, boolean crop, boolean noise, Mix mix, long seed) {
        this.flip = flip;
        this.crop = crop;
        this.noise = noise;
        this.mix = mix;
        this.rnd = new Random(seed ^ 0x5DEECE66DL);
    }

    /**
     * Parses augmentation names.
     *
     * @param names    e.g. {@code [flip, crop]}; empty for none
     * @param images   whether the data are images (required for flip and crop)
     * @return the augmenter, or null when {@code names} is empty
     */
    public static Augment of(List<String> names, boolean images, long seed) {
        if (names == null || names.isEmpty()) return null;
        boolean f = false, c = false, n = false, cut = false, mixup = false;
        for (String raw : names) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            switch (s) {
                case "flip": f = true; break;
                case "crop": c = true; break;
                case "noise": n = true; break;
                case "cutmix": cut = true; break;
                case "mixup": mixup = true; break;
                case "": break;
                default:
                    throw new IllegalArgumentException("augment '" + raw + "': unknown augmentation; valid: "
                            + String.join(", ", VALID));
            }
        }
        if ((f || c) && !images) {
            throw new IllegalArgumentException("augment 'flip'/'crop' needs image data (samples of shape C×H×W);"
                    + " use augment=noise for other data");
        }
        if (cut && !images) {
            throw new IllegalArgumentException("augment 'cutmix' needs image data (samples of shape C×H×W);"
                    + " use augment=mixup for other data");
        }
        return new Augment(f, c, n, cut || mixup ? new Mix(mixup, cut, seed) : null, seed);
    }

    /** The batch mixing (cutmix, mixup) to apply after {@link #apply}, with its label mixing; null when none. */
    public Mix mix() {
        return mix;
    }

    /** Augments a batch {@code [B, C, H, W]} (or any shape for noise); results live in {@code m}. */
    public NDArray apply(NDManager m, NDArray xb) {
        NDArray out = xb;
        int b = (int) xb.getShape().get(0);
        if (flip) {
            boolean[] mask = new boolean[b];
            for (int i = 0; i < b; i++) mask[i] = rnd.nextBoolean();
            NDArray cond = m.create(mask).reshape(b, 1, 1, 1).broadcast(out.getShape());
            out = NDArrays.where(cond, out.flip(3), out);
        }
        if (crop) {
            Shape s = out.getShape();
            long h = s.get(2), w = s.get(3);
            NDArray padded = out.pad(new Shape(PAD, PAD, PAD, PAD), 0);
            NDList parts = new NDList(b);
            for (int i = 0; i < b; i++) {
                int dy = rnd.nextInt(2 * PAD + 1);
                int dx = rnd.nextInt(2 * PAD + 1);
                parts.add(padded.get(new NDIndex("{}, :, {}:{}, {}:{}", i, dy, dy + h, dx, dx + w)));
            }
            out = NDArrays.stack(parts);
        }
        if (noise) {
            out = out.add(m.randomNormal(0, NOISE_STD, out.getShape(), out.getDataType(), out.getDevice()));
        }
        return out;
    }

    /** Names of the active augmentations. */
    public List<String> names() {
        List<String> l = new ArrayList<>();
        if (flip) l.add("flip");
        if (crop) l.add("crop");
        if (noise) l.add("noise");
        if (mix != null) l.addAll(mix.names());
        return l;
    }
}
