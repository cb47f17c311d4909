package trainbook.engine.optim;

import ai.djl.ndarray.NDArray;

/**
 * Adagrad as {@code torch.optim.Adagrad} defines it (ε 1e-10, no LR decay, initial accumulator 0):
 * <pre>
 *   d = g + λ·w
 *   s = s + d²
 *   w ← w − lr · d / (√s + ε)
 * </pre>
 * DJL 0.35.1's own Adagrad throws on the PyTorch engine.
 */
public final class Adagrad extends BaseOptimizer {
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
}
