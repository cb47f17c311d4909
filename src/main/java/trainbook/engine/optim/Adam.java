package trainbook.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam and AdamW as {@code torch.optim.Adam}/{@code AdamW} define them (β1 0.9, β2 0.999, ε 1e-8, bias
 * correction, no amsgrad). With t = step + 1:
 * <pre>
 *   adam:  d = g + λ·w                 adamw: w ← w·(1 − lr·λ),  d = g
 *   m = β1·m + (1 − β1)·d
 *   v = β2·v + (1 − β2)·d²
 *   w ← w − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε)
 * </pre>
 * On the PyTorch engine the update runs as one native kernel (DJL's {@code adamUpdate}, which computes
 * {@code w ← w − c·m/(√v + ε')}) with {@code c = lr·√(1 − β2^t)/(1 − β1^t)} and {@code ε' = ε·√(1 − β2^t)}: the
 * same value as the formula above, with the bias corrections folded into the coefficients.
 */
public final class Adam extends BaseUpdateRule {
    /** PyTorch's defaults. */
    public static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private final boolean decoupled;
    private final double beta2, eps;
    private double beta1;
    /** set once a schedule changes β1: it is then passed per step instead of as a cached constant */
    private boolean scheduled;

    /**
     * Adam (L2-coupled weight decay) or AdamW (decoupled weight decay) with PyTorch's defaults.
     *
     * @param decoupled true for AdamW
     * @param wd        weight decay λ ≥ 0
     */
    public Adam(boolean decoupled, double wd) {
        this(decoupled, wd, BETA1, BETA2, EPS);
    }

    /**
     * @param decoupled true for AdamW
     * @param wd        weight decay λ ≥ 0
     * @param beta1     first-moment decay in [0, 1)
     * @param beta2     second-moment decay in [0, 1)
     * @param eps       denominator guard &gt; 0
     */
    public Adam(boolean decoupled, double wd, double beta1, double beta2, double eps) {
        super(decoupled ? "adamw" : "adam", wd);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1=" + beta1 + " is invalid: use a value in [0, 1), e.g. 0.9");
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2=" + beta2 + " is invalid: use a value in [0, 1), e.g. 0.999");
        if (!(eps > 0)) throw new IllegalArgumentException("eps=" + eps + " is invalid: use a value > 0, e.g. 1e-8");
        this.decoupled = decoupled;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** Whether weight decay is decoupled (AdamW). */
    public boolean decoupled() {
        return decoupled;
    }

    /** β1 now (changed by {@link #setMomentum} under a one-cycle schedule). */
    public double beta1() {
        return beta1;
    }

    /** Changes β1 for the following steps, keeping the moment estimates (torch's OneCycleLR on {@code betas[0]}). */
    @Override
    public boolean setMomentum(double b1) {
        checkMomentum(b1);
        beta1 = b1;
        scheduled = true;
        return true;
    }

    @Override
    protected int stateSize() {
        return 2;
    }

    @Override
    protected void update(String name, NDArray w, NDArray g, NDArray[] state, int step, float lr) {
        int t = step + 1;
        NDArray d = g;
        if (wd != 0) {
            if (decoupled) {
                w.muli((float) (1 - (double) lr * wd));
            } else {
                d = g.add(w.mul(constant(w, wd)));
            }
        }
        NDArray m = state[0], v = state[1];
        if (scheduled) m.muli((float) beta1).addi(d.mul((float) (1 - beta1))); // per-step β1: no cached constant
        else m.muli(constant(w, beta1)).addi(d.mul(constant(w, 1 - beta1)));
        v.muli(constant(w, beta2)).addi(d.square().muli(constant(w, 1 - beta2)));
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        // m̂/(√v̂ + ε) = √bc2/bc1 · m/(√v + ε·√bc2): one pass fewer than dividing √v by √bc2
        double rootBc2 = Math.sqrt(bc2);
        NDArray denom = v.sqrt().addi((float) (eps * rootBc2));
        w.subi(m.div(denom).muli((float) (lr * rootBc2 / bc1)));
    }

    @Override
    protected boolean fusedUpdate(PtNDArray w, PtNDArray g, NDArray[] state, int step, float lr) {
        int t = step + 1;
        // The kernel takes β as float and forms 1 − β in float: 1 − 0.999f is 1.3e-5 off 0.001. Normalising
        // with bias corrections computed from the same float βs makes m̂ and v̂ exact weighted averages again
        // (their weights then differ from torch's by ~1e-8 relative).
        float b1 = (float) beta1, b2 = (float) beta2;
        double bc1 = 1 - Math.pow(b1, t);
        double rootBc2 = Math.sqrt(1 - Math.pow(b2, t));
        // native: d = g + λw (adam) or w -= lr·λ·w (adamw); m = β1 m + (1-β1) d; v = β2 v + (1-β2) d²;
        // w -= c·m / (√v + ε'); clip_grad < 0 disables its clamp, rescale 1 leaves g as is
        JniUtils.adamUpdate(w, g, (PtNDArray) state[0], (PtNDArray) state[1], lr, (float) (lr * rootBc2 / bc1),
                wd, 1f, -1f, b1, b2, (float) (eps * rootBc2), decoupled);
        return true;
    }
}
