package trainbook.engine.grad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient monitoring and clipping over a model's parameters ({@code block.getParameters()}). Read gradients
 * after the backward pass and before the optimizer step (the step zeroes them). Every method works in a
 * sub-manager scope with autograd off ({@link NoGrad}), so it leaves no NDArrays and no graph behind, and reads
 * back to the host at most once.
 *
 * <p>Parameters that are frozen, uninitialised or without a gradient are skipped.
 *
 * <pre>{@code
 * double norm = Gradients.clipByGlobalNorm(params, 1.0);   // pre-clip norm, like clip_grad_norm_
 * Map<String, NDArray> before = Gradients.snapshot(params);
 * optimizer.step(step, lr, params);
 * LinkedHashMap<String, Double> ratios = Gradients.updateRatios(before, params); // "*" = global
 * Gradients.release(before);
 * }</pre>
 */
public final class Gradients {
    /** Key of the global ratio in {@link #updateRatios}. */
    public static final String GLOBAL = "*";
    /** Added to the norm before dividing, as {@code torch.nn.utils.clip_grad_norm_} does. */
    public static final double CLIP_EPS = 1e-6;

    private Gradients() {}

    /** L2 norm of all gradients taken together (0 when no parameter has a gradient). One host sync. */
    public static double globalNorm(PairList<String, Parameter> params) {
        List<Pair<String, NDArray>> ws = trainable(params);
        if (ws.isEmpty()) return 0;
        try (NoGrad ng = NoGrad.enter(); NDManager scope = NDManager.subManagerOf(ws.get(0).getValue())) {
            return hypot(perParamNorms(ws, scope).toFloatArray());
        }
    }

    /** L2 norm of each parameter's gradient, in block order. One host sync. */
    public static LinkedHashMap<String, Double> norms(PairList<String, Parameter> params) {
        List<Pair<String, NDArray>> ws = trainable(params);
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        if (ws.isEmpty()) return out;
        try (NoGrad ng = NoGrad.enter(); NDManager scope = NDManager.subManagerOf(ws.get(0).getValue())) {
            float[] v = perParamNorms(ws, scope).toFloatArray();
            for (int i = 0; i < ws.size(); i++) out.put(ws.get(i).getKey(), (double) v[i]);
        }
        return out;
    }

    /**
     * Scales every gradient by {@code maxNorm / (norm + 1e-6)} when the global norm exceeds {@code maxNorm}
     * ({@code torch.nn.utils.clip_grad_norm_}). A non-finite norm leaves the gradients untouched (the caller sees
     * it in the return value and can stop the run).
     *
     * @param maxNorm largest allowed global norm, &gt; 0
     * @return the global norm before clipping
     */
    public static double clipByGlobalNorm(PairList<String, Parameter> params, double maxNorm) {
        return clipByGlobalNorm(params, maxNorm, Double.NaN);
    }

    /**
     * {@link #clipByGlobalNorm(PairList, double)} for gradients whose global norm was already measured (the
     * training loop's sampled steps read the per-parameter norms first): {@code knownNorm} is used instead of
     * measuring again; NaN measures it.
     */
    public static double clipByGlobalNorm(PairList<String, Parameter> params, double maxNorm, double knownNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clip=" + maxNorm + " is invalid: use a finite max gradient norm > 0, e.g. 1.0");
        }
        List<Pair<String, NDArray>> ws = trainable(params);
        if (ws.isEmpty()) return 0;
        try (NoGrad ng = NoGrad.enter(); NDManager scope = NDManager.subManagerOf(ws.get(0).getValue())) {
            NDList grads = new NDList(ws.size());
            for (Pair<String, NDArray> p : ws) grads.add(gradIn(p.getValue(), scope));
            double norm = knownNorm;
            if (Double.isNaN(norm)) {
                NDList norms = new NDList(grads.size());
                for (NDArray g : grads) norms.add(g.norm());
                norm = hypot(NDArrays.stack(norms).toFloatArray());
            }
            if (Double.isFinite(norm) && norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + CLIP_EPS));
                for (NDArray g : grads) g.muli(scale);
            }
            return norm;
        }
    }

    /**
     * Clamps every gradient element to {@code [-v, v]} in place (DJL's {@code optClipGrad} semantics; NaN stays
     * NaN).
     *
     * @param v bound, &gt; 0
     */
    public static void clipByValue(PairList<String, Parameter> params, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("clip_value=" + v + " is invalid: use a finite bound > 0, e.g. 0.5");
        }
        List<Pair<String, NDArray>> ws = trainable(params);
        if (ws.isEmpty()) return;
        float f = (float) v;
        try (NoGrad ng = NoGrad.enter(); NDManager scope = NDManager.subManagerOf(ws.get(0).getValue())) {
            for (Pair<String, NDArray> p : ws) {
                NDArray g = gradIn(p.getValue(), scope);
                g.set(g.gt(f), f);
                g.set(g.lt(-f), -f);
            }
        }
    }

    /**
     * Copies of the trainable weights (on their device), keyed by parameter name in block order, for
     * {@link #updateRatios}. The copies live in a sub-manager of the weights' manager: free them with
     * {@link #release}.
     */
    public static LinkedHashMap<String, NDArray> snapshot(PairList<String, Parameter> params) {
        List<Pair<String, NDArray>> ws = weights(params, true);
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        if (ws.isEmpty()) return out;
        NDManager into = ws.get(0).getValue().getManager().newSubManager();
        into.setName("trainbook-snapshot");
        try (NoGrad ng = NoGrad.enter()) {
            for (Pair<String, NDArray> p : ws) {
                NDArray copy = p.getValue().duplicate();
                copy.attach(into);
                out.put(p.getKey(), copy);
            }
        }
        return out;
    }

    /** Closes the arrays of a {@link #snapshot} together with the manager holding them. */
    public static void release(Map<String, NDArray> snapshot) {
        Map<NDManager, Boolean> managers = new IdentityHashMap<>();
        for (NDArray a : snapshot.values()) {
            if (a.getManager() != null) managers.put(a.getManager(), true);
            a.close();
        }
        for (NDManager m : managers.keySet()) {
            if (m.isOpen() && m.getName() != null && m.getName().equals("trainbook-snapshot")) m.close();
        }
    }

    /**
     * Update:parameter ratio {@code ||w_after − w_before|| / ||w_before||} for each parameter of {@code before}
     * that is still in {@code after}, in block order, plus the global ratio {@code sqrt(Σ||Δ||²)/sqrt(Σ||w||²)}
     * under {@link #GLOBAL}. Parameters whose weights were all zero have no ratio of their own (they still count
     * in the global one). One host sync. A healthy ratio is around 1e-3.
     */
    public static LinkedHashMap<String, Double> updateRatios(Map<String, NDArray> before, PairList<String, Parameter> after) {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<NDArray[]> pairs = new ArrayList<>();
        for (Pair<String, NDArray> p : weights(after, false)) {
            NDArray b = before.get(p.getKey());
            if (b == null) continue;
            if (!b.getShape().equals(p.getValue().getShape())) {
                throw new IllegalArgumentException("parameter '" + p.getKey() + "' changed shape from " + b.getShape()
                        + " to " + p.getValue().getShape() + " since the snapshot: take a new snapshot");
            }
            names.add(p.getKey());
            pairs.add(new NDArray[]{b, p.getValue()});
        }
        if (names.isEmpty()) return out;
        try (NoGrad ng = NoGrad.enter(); NDManager scope = NDManager.subManagerOf(pairs.get(0)[1])) {
            NDList stats = new NDList(2 * pairs.size());
            for (NDArray[] ba : pairs) {
                NDArray b = ba[0], a = ba[1];
                b.tempAttach(scope);
                a.tempAttach(scope);
                stats.add(a.sub(b).norm());
                stats.add(b.norm());
            }
            float[] v = NDArrays.stack(stats).toFloatArray();
            double dSq = 0, wSq = 0;
            for (int i = 0; i < names.size(); i++) {
                double d = v[2 * i], w = v[2 * i + 1];
                dSq += d * d;
                wSq += w * w;
                if (w > 0) out.put(names.get(i), d / w);
            }
            out.put(GLOBAL, wSq > 0 ? Math.sqrt(dSq) / Math.sqrt(wSq) : Double.NaN);
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** Weights that would receive an update: trainable, initialised and holding a gradient. */
    private static List<Pair<String, NDArray>> trainable(PairList<String, Parameter> params) {
        return weights(params, true);
    }

    private static List<Pair<String, NDArray>> weights(PairList<String, Parameter> params, boolean needGradient) {
        List<Pair<String, NDArray>> out = new ArrayList<>(params.size());
        for (Pair<String, Parameter> p : params) {
            Parameter param = p.getValue();
            if (!param.isInitialized()) continue;
            if (needGradient && !param.requiresGradient()) continue;
            NDArray w = param.getArray();
            if (needGradient && !w.hasGradient()) continue;
            out.add(new Pair<>(p.getKey(), w));
        }
        return out;
    }

    /** The weight's gradient as an array owned by {@code scope} (PyTorch hands out a fresh wrapper per call). */
    private static NDArray gradIn(NDArray w, NDManager scope) {
        NDArray g = w.getGradient();
        g.attach(scope);
        return g;
    }

    /** sqrt(Σ v²), accumulated in double. */
    private static double hypot(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    /** A 1-D array of the per-parameter gradient norms, in {@code scope}. */
    private static NDArray perParamNorms(List<Pair<String, NDArray>> ws, NDManager scope) {
        NDList norms = new NDList(ws.size());
        for (Pair<String, NDArray> p : ws) norms.add(gradIn(p.getValue(), scope).norm());
        return NDArrays.stack(norms);
    }
}
