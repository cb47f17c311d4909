package trainbook.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;

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
public final class Sgd extends BaseUpdateRule {
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
     * The update in place on the gradient (which is zeroed afterwards), with no temporaries when λ = 0. DJL's
     * native {@code sgdUpdate} makes fewer native calls but clones the gradient and adds λ·w even for λ = 0, and
     * measured slower: thread CPU per step over the bench MLP's parameters, kernel vs in place, sgd 136 vs 87 µs,
     * momentum 195 vs 150 µs, Nesterov (two kernel calls) 305 vs 208 µs (README, issue 17 third session).
     *
     * <p>The momentum buffer is kept in LR units ({@code s = μ·s + lr·d}, {@code w ← w − s}; Nesterov keeps
     * {@code q = μ·lr·b}, so {@code w ← w − lr·d − q'} is torch's {@code w − lr·(d + μ·b')}), which equals torch's
     * buffer only while the LR stays put, so the buffer's unit {@code c} ({@code s = c·b}) is remembered per state
     * array: when the LR (or a scheduled μ, for Nesterov) changes, the buffer is rescaled first (one extra call),
     * which gives torch's rule for any schedule. A step at LR 0 or μ 0 cannot carry {@code b} in those units: the
     * buffer goes back to unit 1 and the NDArray formula runs.
     */
    @Override
    protected boolean fusedUpdate(PtNDArray w, PtNDArray g, NDArray[] state, int step, float lr) {
        if (momentum == 0 && !scheduled) {
            decay(w, g);
            w.subi(g.muli(lr));
            return true;
        }
        NDArray s = state[0];
        float c = unit.getOrDefault(s, 1f);
        float target = nesterov ? (float) ((double) momentum * lr) : lr;
        if (lr == 0 || !Float.isFinite(lr) || momentum == 0 || target == 0 || !Float.isFinite(target)) {
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
        decay(w, g);
        g.muli(lr); // lr·d
        NDArray mu = scheduled ? null : constant(w, momentum); // a scheduled μ changes every step: no cached constant
        if (nesterov) {
            w.subi(g);
            if (mu != null) g.muli(mu); // μ·lr·d
            else g.muli(momentum);
        }
        if (mu != null) s.muli(mu);
        else s.muli(momentum);
        w.subi(s.addi(g)); // s = c·b' = μ·s + c·d
        return true;
    }

    /** g ← g + λ·w, in place (the temporary λ·w freed at once). */
    private void decay(NDArray w, NDArray g) {
        if (wd == 0) return;
        try (NDArray t = w.mul(constant(w, wd))) {
            g.addi(t);
        }
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
