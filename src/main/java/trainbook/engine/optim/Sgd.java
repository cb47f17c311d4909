package trainbook.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Stochastic gradient descent as {@code torch.optim.SGD} defines it (dampening 0), covering {@code sgd},
 * {@code momentum} and {@code nesterov}. With gradient {@code g}, weight {@code w}, L2 weight decay λ and
 * momentum μ:
 * <pre>
 *   d = g + λ·w
 *   b = μ·b + d                      (b starts at 0, so the first buffer equals d)
 *   w ← w − lr·d                     (sgd, μ = 0)
 *   w ← w − lr·b                     (momentum)
 *   w ← w − lr·(d + μ·b)             (nesterov)
 * </pre>
 */
public final class Sgd extends BaseOptimizer {
    private float momentum;
    private final boolean nesterov;
    /** set once a schedule changes μ: it is then passed per step instead of as a cached constant */
    private boolean scheduled;

    /**
     * @param momentum μ in [0, 1); 0 gives plain SGD
     * @param nesterov use the Nesterov form (needs μ &gt; 0)
     * @param wd       L2 weight decay λ ≥ 0
     */
    public Sgd(double momentum, boolean nesterov, double wd) {
        this(nesterov ? "nesterov" : momentum == 0 ? "sgd" : "momentum", momentum, nesterov, wd);
    }

    /** As {@link #Sgd(double, boolean, double)}, reporting {@code name} (e.g. {@code momentum} even at μ = 0). */
    Sgd(String name, double momentum, boolean nesterov, double wd) {
        super(name, wd);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum=" + momentum + " is invalid: use a value in [0, 1), e.g. 0.9");
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov needs momentum > 0, got momentum=0: use e.g. momentum=0.9");
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    /** Momentum μ. */
    public double momentum() {
        return momentum;
    }

    /**
     * Changes μ for the following steps (one-cycle). Plain SGD (μ 0 at construction) keeps no momentum buffer
     * and answers false: cycling would turn it into momentum SGD, which torch does silently.
     */
    @Override
    public boolean setMomentum(double m) {
        if (momentum == 0 && !scheduled) return false;
        checkMomentum(m);
        if (nesterov && m == 0) throw new IllegalArgumentException("nesterov needs momentum > 0, got momentum=0");
        momentum = (float) m;
        scheduled = true;
        return true;
    }

    /** Whether the Nesterov form is used. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected int stateSize() {
        return momentum == 0 && !scheduled ? 0 : 1;
    }

    @Override
    protected void update(String name, NDArray w, NDArray g, NDArray[] state, int step, float lr) {
        NDArray d = wd == 0 ? g : g.add(w.mul(constant(w, wd)));
        if (momentum == 0 && !scheduled) {
            w.subi(d.mul(lr));
            return;
        }
        NDArray b = state[0];
        if (scheduled) {
            // a scheduled μ changes every step: a cached constant per value would pile up
            b.muli(momentum).addi(d);
            if (nesterov) w.subi(d.add(b.mul(momentum)).muli(lr));
            else w.subi(b.mul(lr));
            return;
        }
        b.muli(constant(w, momentum)).addi(d);
        if (nesterov) {
            w.subi(d.add(b.mul(constant(w, momentum))).muli(lr));
        } else {
            w.subi(b.mul(lr));
        }
    }

    /**
     * Plain SGD runs as DJL's native {@code sgdUpdate} ({@code w ← w − lr·(g + λw)}, exactly the rule above).
     *
     * <p>Momentum runs as the same kernel too. Its buffer is kept in LR units ({@code s = μ·s + lr·d},
     * {@code w ← w − s}), which equals torch's {@code lr·b} only while the LR stays put, so the buffer's unit
     * {@code c} ({@code s = c·b}) is remembered per state array: when the LR changes the buffer is rescaled by
     * {@code lr/c} first (one extra call), which gives torch's {@code w ← w − lr·(μ·b + d)} for any schedule.
     * A step at LR 0 cannot carry {@code b} in LR units: the buffer goes back to unit 1 and the NDArray formula
     * runs. Nesterov runs as two calls of the same kernel (a plain step, then a momentum step on a buffer kept in
     * units of μ·lr: see the comment in the code), with the same rescaling when μ·lr changes.
     */
    @Override
    protected boolean fusedUpdate(PtNDArray w, PtNDArray g, NDArray[] state, int step, float lr) {
        if (momentum == 0 && !scheduled) {
            JniUtils.sgdUpdate(w, g, null, lr, wd, 1f, -1f, 0f);
            return true;
        }
        NDArray s = state[0];
        float c = unit.getOrDefault(s, 1f);
        // Nesterov keeps the buffer as q = μ·lr·b, so that the momentum kernel's w ← w − q is the μ·lr·b' half
        float target = nesterov ? (float) ((double) momentum * lr) : lr;
        double k = 1 - (double) lr * wd; // Nesterov's second call recovers d from the weight the first one moved
        // μ 0 (a schedule may set it): the kernel would skip the buffer, which torch sets to d
        if (lr == 0 || !Float.isFinite(lr) || momentum == 0 || target == 0 || !Float.isFinite(target) || (nesterov && !(k > 0))) {
            if (c != 1f) {
                s.muli(1.0 / c);
                unit.put(s, 1f);
            }
            return false;
        }
        if (c != target) {
            s.muli((double) target / c);
            unit.put(s, target);
        }
        if (!nesterov) {
            JniUtils.sgdUpdate(w, g, (PtNDArray) s, lr, wd, 1f, -1f, momentum);
            return true;
        }
        // torch's Nesterov: b' = μ·b + d, w ← w − lr·d − μ·lr·b'. First w1 = w − lr·(g + λw); then the
        // momentum kernel forms μ·lr·(r·g + λ'·w1) with r = 1/(1 − lr·λ), λ' = λ/(1 − lr·λ), which is μ·lr·d
        // (w1 = (1 − lr·λ)·w − lr·g), updates q to μ·lr·b' and subtracts it: two native calls in all.
        JniUtils.sgdUpdate(w, g, null, lr, wd, 1f, -1f, 0f);
        JniUtils.sgdUpdate(w, g, (PtNDArray) s, target, (float) (wd / k), (float) (1 / k), -1f, momentum);
        return true;
    }

    /** Unit {@code c} of each momentum buffer {@code s = c·b} kept by the native kernel; absent = 1 (torch's b). */
    private final java.util.Map<NDArray, Float> unit = new java.util.IdentityHashMap<>();

    @Override
    protected void stateCleared() {
        unit.clear();
    }

    @Override
    protected float[][] exportState(NDArray[] state, float[][] copy) {
        if (state.length > 0) {
            float c = unit.getOrDefault(state[0], 1f);
            if (c != 1f) for (int i = 0; i < copy[0].length; i++) copy[0][i] /= c;
        }
        return copy;
    }
}
