package trainbook.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Adagrad as {@code torch.optim.Adagrad} defines it (ε 1e-10, no LR decay, initial accumulator 0):
 * <pre>
 *   d = g + λ·w
 *   s = s + d²
 *   w ← w − lr · d / (√s + ε)
 * </pre>
 * DJL 0.35.1's own Adagrad throws on the PyTorch engine. On the PyTorch engine the update runs as one call of
 * DJL's native Adam kernel (see {@link #fusedUpdate}).
 */
public final class Adagrad extends BaseUpdateRule {
    /** PyTorch's default. */
    public static final double EPS = 1e-10;

    private final double eps;

    /** Adagrad with PyTorch's defaults and L2 weight decay λ ≥ 0. */
    public Adagrad(double wd) {
        this(wd, EPS);
    }

    /**
     * @param wd  L2 weight decay ≥ 0
     * @param eps denominator guard &gt; 0
     */
    public Adagrad(double wd, double eps) {
        super("adagrad", wd);
        if (!(eps > 0)) throw new IllegalArgumentException("eps=" + eps + " is invalid: use a value > 0, e.g. 1e-10");
        this.eps = eps;
    }

    @Override
    protected int stateSize() {
        return 1;
    }

    @Override
    protected void update(String name, NDArray w, NDArray g, NDArray[] state, int step, float lr) {
        NDArray d = wd == 0 ? g : g.add(w.mul(constant(w, wd)));
        NDArray s = state[0];
        s.addi(d.square());
        w.subi(d.div(s.sqrt().addi(constant(w, eps))).muli(lr));
    }

    /** β2 of the kernel: 1 − 2⁻¹⁰, so that β2 and the kernel's float {@code 1 − β2} are both exact. */
    private static final double KERNEL_BETA2 = 1 - 0x1p-10;
    /** Below this scale the sum is rescaled to unit 1 (about every 14,000 steps), far above float underflow. */
    private static final double MIN_SCALE = 0x1p-20;

    /** Scale κ of each sum buffer, which holds {@code κ·s}; absent = 1. */
    private final Map<NDArray, Double> scale = new IdentityHashMap<>();

    /**
     * Adagrad's running sum as DJL's native Adam kernel (one call): its second moment
     * {@code v ← β2·v + (1 − β2)·(r·d)²} with β2 = 1 − 2⁻¹⁰ keeps {@code v = κ·s} when κ shrinks by β2 each step
     * and {@code r = √(κ/(1 − β2))}; with β1 = 0 its first moment is {@code r·d}, and
     * {@code c·r·d/(√v + ε')} is torch's {@code lr·d/(√s + ε)} for {@code c = lr·√κ/r} and {@code ε' = ε·√κ}.
     * The kernel's first-moment buffer is the gradient's own storage (zeroed right after). The scale of each
     * buffer is remembered and reset to 1 (one extra call) before it gets small.
     */
    @Override
    protected boolean fusedUpdate(PtNDArray w, PtNDArray g, NDArray[] state, int step, float lr) {
        NDArray v = state[0];
        double k = scale.getOrDefault(v, 1.0);
        if (k < MIN_SCALE) {
            v.muli(1 / k);
            k = 1;
        }
        k *= KERNEL_BETA2;
        scale.put(v, k);
        double r = Math.sqrt(k / (1 - KERNEL_BETA2));
        double rootK = Math.sqrt(k);
        JniUtils.adamUpdate(w, g, g, (PtNDArray) v, lr, (float) (lr * rootK / r), (float) (wd * r), (float) r, -1f,
                0f, (float) KERNEL_BETA2, (float) (eps * rootK), false);
        return true;
    }

    @Override
    protected void stateCleared() {
        scale.clear();
    }

    @Override
    protected float[][] exportState(NDArray[] state, float[][] copy) {
        double k = scale.getOrDefault(state[0], 1.0);
        if (k != 1) for (int i = 0; i < copy[0].length; i++) copy[0][i] = (float) (copy[0][i] / k);
        return copy;
    }
}
