package trainbook.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * RMSprop as {@code torch.optim.RMSprop} defines it, non-centered (α 0.99, ε 1e-8):
 * <pre>
 *   d = g + λ·w
 *   v = α·v + (1 − α)·d²
 *   w ← w − lr · d / (√v + ε)                 (momentum 0, the default)
 *   b = μ·b + d / (√v + ε),  w ← w − lr·b     (momentum μ &gt; 0)
 * </pre>
 * DJL 0.35.1's own RmsProp throws "Not implemented" on the PyTorch engine. Without momentum the update runs as
 * one call of DJL's native Adam kernel (see {@link #fusedUpdate}).
 */
public final class RmsProp extends BaseUpdateRule {
    /** PyTorch's defaults. */
    public static final double ALPHA = 0.99, EPS = 1e-8;

    private final double alpha, eps, momentum;

    /** RMSprop with PyTorch's defaults (α 0.99, ε 1e-8, no momentum) and L2 weight decay λ ≥ 0. */
    public RmsProp(double wd) {
        this(wd, ALPHA, EPS, 0);
    }

    /**
     * @param wd       L2 weight decay ≥ 0
     * @param alpha    smoothing constant in [0, 1)
     * @param eps      denominator guard &gt; 0
     * @param momentum μ in [0, 1)
     */
    public RmsProp(double wd, double alpha, double eps, double momentum) {
        super("rmsprop", wd);
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("alpha=" + alpha + " is invalid: use a value in [0, 1), e.g. 0.99");
        if (!(eps > 0)) throw new IllegalArgumentException("eps=" + eps + " is invalid: use a value > 0, e.g. 1e-8");
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum=" + momentum + " is invalid: use a value in [0, 1)");
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
    }

    @Override
    protected int stateSize() {
        return momentum == 0 ? 1 : 2;
    }

    @Override
    protected void update(String name, NDArray w, NDArray g, NDArray[] state, int step, float lr) {
        NDArray d = wd == 0 ? g : g.add(w.mul(constant(w, wd)));
        NDArray v = state[0];
        v.muli(constant(w, alpha)).addi(d.square().muli(constant(w, 1 - alpha)));
        NDArray scaled = d.div(v.sqrt().addi(constant(w, eps)));
        if (momentum == 0) {
            w.subi(scaled.muli(lr));
        } else {
            NDArray b = state[1];
            b.muli(constant(w, momentum)).addi(scaled);
            w.subi(b.mul(lr));
        }
    }

    /**
     * Without momentum RMSprop is DJL's native Adam kernel with β1 = 0 (its first moment is then the gradient
     * itself) and β2 = α, no bias correction: {@code w ← w − c·m/(√v + ε)}. The kernel forms {@code 1 − β2} in
     * float (1 − 0.99f is 9.5e-7 off 0.01), so the gradient is rescaled by {@code r = √((1 − α)/(1 − β2f))},
     * which makes {@code v} torch's exactly up to rounding, and {@code c = lr/r} takes {@code r} out of the
     * numerator again ({@code λ} is scaled by {@code r} too, as the kernel adds it after rescaling). The kernel's
     * first-moment buffer is the gradient's own storage (set to the rescaled gradient, zeroed right after),
     * so no extra state is kept. With momentum the buffer accumulates {@code d/(√v + ε)}, which the kernel
     * cannot: the formula runs.
     */
    @Override
    protected boolean fusedUpdate(PtNDArray w, PtNDArray g, NDArray[] state, int step, float lr) {
        if (momentum != 0) return false;
        float b2 = (float) alpha;
        double r = Math.sqrt((1 - alpha) / (double) (1f - b2));
        JniUtils.adamUpdate(w, g, g, (PtNDArray) state[0], lr, (float) (lr / r), (float) (wd * r), (float) r, -1f,
                0f, b2, (float) eps, false);
        return true;
    }
}
