package trainbook.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import trainbook.engine.grad.NoGrad;

import java.util.HashMap;
import java.util.Map;

/**
 * Shared machinery of Trainbook's update rules: iterates the parameters that have a gradient, keeps per-parameter
 * state (momentum buffers, moment estimates) keyed by parameter name in an optimizer-owned {@link NDManager},
 * runs each update inside a sub-manager scope so temporaries are freed at once, and zeroes the gradients after
 * the update (PyTorch accumulates gradients across backward passes; DJL's own optimizers zero them the same way).
 * Updates run with autograd off ({@link NoGrad}), so a step inside an open {@code GradientCollector} works too.
 *
 * <p>Subclasses implement {@link #update} with in-place NDArray operations. Inside {@code update} the weight,
 * its gradient and the state arrays are temporarily attached to the scope, so every intermediate result lands
 * there and is closed when the update returns; the weight and state go back to their own managers.
 */
public abstract class BaseUpdateRule implements UpdateRule {
    private final String name;
    /** Weight decay coefficient (its meaning, L2-coupled or decoupled, depends on the rule). */
    protected final float wd;
    private final Map<String, NDArray[]> state = new HashMap<>();
    private final Map<String, NDArray> constants = new HashMap<>();
    private NDManager stateManager;
    /** Per-parameter LR multiplier ({@link #setLrScale}); null = 1 for every parameter. */
    private java.util.function.ToDoubleFunction<String> lrScale;
    /** Whether {@link #fusedUpdate} may run (see {@link #nativeKernels(boolean)}). */
    private boolean nativeKernels = true;

    /**
     * @param name the canonical name as spelled in {@code opt=}
     * @param wd   weight decay, ≥ 0
     */
    protected BaseUpdateRule(String name, double wd) {
        if (!(wd >= 0) || Double.isInfinite(wd)) {
            throw new IllegalArgumentException("weight decay wd=" + wd + " is invalid: use a finite value ≥ 0 (e.g. 0, 1e-4)");
        }
        this.name = name;
        this.wd = (float) wd;
    }

    @Override
    public String name() {
        return name;
    }

    /** Weight decay coefficient given at construction. */
    public double weightDecay() {
        return wd;
    }

    @Override
    public final void step(int step, float lr, PairList<String, Parameter> params) {
        if (step < 0) throw new IllegalArgumentException("step " + step + " is negative: steps are 0-based and ≥ 0");
        try (NoGrad ignored = NoGrad.enter()) {
            for (Pair<String, Parameter> p : params) {
                float l = lrScale == null ? lr : (float) (lr * lrScale.applyAsDouble(p.getKey()));
                update(p.getKey(), p.getValue(), step, l);
            }
        }
    }

    @Override
    public boolean setLrScale(java.util.function.ToDoubleFunction<String> scale) {
        this.lrScale = scale;
        return true;
    }

    private void update(String key, Parameter param, int step, float lr) {
        if (!param.requiresGradient() || !param.isInitialized()) return;
        NDArray w = param.getArray();
        if (!w.hasGradient()) return;
        stateManager(w); // created outside the scope below, while w still belongs to its own manager
        NDArray[] st = stateFor(key, w);
        // the PyTorch engine hands out a fresh wrapper on every getGradient(): take one, used by either path
        NDArray g = w.getGradient();
        if (nativeKernels && w instanceof PtNDArray pw) {
            // fast path: native kernels where the rule has ones that match torch.optim exactly
            try {
                if (fusedUpdate(pw, (PtNDArray) g, st, step, lr)) {
                    JniUtils.zeroGrad(pw);
                    g.close();
                    return;
                }
            } catch (RuntimeException | Error e) {
                g.close();
                throw e;
            }
        }
        try (NDManager scope = NDManager.subManagerOf(w)) {
            g.attach(scope); // freed with the scope
            w.tempAttach(scope);
            for (NDArray s : st) s.tempAttach(scope);
            update(key, w, g, st, step, lr);
            zeroGrad(w, g);
        }
    }

    /**
     * Applies the rule to one parameter, in place.
     *
     * @param name  parameter name
     * @param w     the weight (update it in place: {@code subi}, {@code muli}, ...)
     * @param g     its gradient (may be modified; it is zeroed afterwards)
     * @param state this parameter's state arrays ({@link #stateSize()} of them, zeros at the first step)
     * @param step  0-based global step
     * @param lr    learning rate
     */
    protected abstract void update(String name, NDArray w, NDArray g, NDArray[] state, int step, float lr);

    /**
     * Applies the rule with one native call on the PyTorch engine, when it has a kernel computing exactly
     * {@link #update}'s formula (fewer JNI crossings and temporaries per step); the default has none.
     * Runs with autograd off; the gradient is zeroed afterwards by the caller.
     *
     * @return true when the update was applied, false to fall back to {@link #update}
     */
    protected boolean fusedUpdate(PtNDArray w, PtNDArray g, NDArray[] state, int step, float lr) {
        return false;
    }

    /**
     * Whether updates run on DJL's native kernels where the rule has one (the default) or always as the NDArray
     * formulas ({@link #update}): the same numbers to 1e-6, more native calls per step. The off switch is there to
     * compare the two ({@code trainbook.bench.OptimizerStepBench} counts and times both). Switching forgets the
     * state, since a kernel may keep it in other units.
     *
     * @return this optimizer
     */
    public BaseUpdateRule nativeKernels(boolean on) {
        if (on != nativeKernels) reset();
        nativeKernels = on;
        return this;
    }

    /** Whether native kernels are used where available ({@link #nativeKernels(boolean)}). */
    public boolean nativeKernels() {
        return nativeKernels;
    }

    /** How many state arrays of the weight's shape each parameter needs (0 for plain SGD). */
    protected abstract int stateSize();

    /**
     * A cached scalar with the weight's device and data type, for the rule's fixed coefficients (β, 1 − β, ε,
     * μ, λ): using it instead of a Java number saves creating and freeing a scalar array on every operation.
     * Coefficients that change per step (the LR, bias corrections) are passed as numbers.
     */
    protected NDArray constant(NDArray like, double value) {
        String key = value + "|" + like.getDevice() + "|" + like.getDataType();
        NDArray c = constants.get(key);
        if (c == null || c.isReleased()) {
            c = like.getManager().full(new ai.djl.ndarray.types.Shape(), (float) value, like.getDataType());
            c.attach(stateManager(like));
            constants.put(key, c);
        }
        return c;
    }

    /** Checks a momentum coefficient handed to {@link #setMomentum}. */
    protected static void checkMomentum(double m) {
        if (!(m >= 0 && m < 1)) throw new IllegalArgumentException("momentum " + m + " is invalid: use a value in [0, 1), e.g. 0.9");
    }

    /** Number of parameters that currently hold state (for tests and diagnostics). */
    public int stateCount() {
        return state.size();
    }

    /** A copy of the named parameter's state arrays as float arrays (for tests and diagnostics); null if none. */
    public float[][] stateOf(String paramName) {
        NDArray[] st = state.get(paramName);
        if (st == null) return null;
        float[][] out = new float[st.length][];
        for (int i = 0; i < st.length; i++) out[i] = st[i].toFloatArray();
        return exportState(st, out);
    }

    /** Turns a copy of the state into the rule's documented units (a rule whose kernel keeps it scaled overrides). */
    protected float[][] exportState(NDArray[] state, float[][] copy) {
        return copy;
    }

    /** Forgets all state (momentum buffers, moment estimates), e.g. after a warm start or an LR range test. */
    public void reset() {
        for (NDArray[] st : state.values()) for (NDArray s : st) s.close();
        state.clear();
        stateCleared();
    }

    /**
     * Called when all state arrays are dropped, for a rule that keeps bookkeeping beside them keyed by the state
     * array (e.g. the unit a native kernel keeps its buffer in). A parameter whose state is replaced gets new arrays,
     * so bookkeeping keyed by array identity needs no call then.
     */
    protected void stateCleared() {}

    @Override
    public void close() {
        stateCleared();
        state.clear();
        constants.clear();
        if (stateManager != null) {
            stateManager.close();
            stateManager = null;
        }
    }

    private NDArray[] stateFor(String key, NDArray w) {
        int n = stateSize();
        if (n == 0) return new NDArray[0];
        NDManager m = stateManager(w);
        NDArray[] st = state.get(key);
        if (st != null && !st[0].isReleased() && st[0].getShape().equals(w.getShape())
                && st[0].getDevice().equals(w.getDevice())) {
            return st;
        }
        if (st != null) for (NDArray s : st) s.close();
        st = new NDArray[n];
        for (int i = 0; i < n; i++) {
            st[i] = w.zerosLike();
            st[i].attach(m);
        }
        state.put(key, st);
        return st;
    }

    private NDManager stateManager(NDArray w) {
        if (stateManager == null || !stateManager.isOpen()) {
            stateManager = w.getManager().newSubManager();
            stateManager.setName("optimizer-" + name);
            state.clear();
            constants.clear();
            stateCleared();
        }
        return stateManager;
    }

    private static void zeroGrad(NDArray w, NDArray g) {
        if (w instanceof PtNDArray pw) {
            JniUtils.zeroGrad(pw);
        } else {
            g.subi(g);
        }
    }
}
