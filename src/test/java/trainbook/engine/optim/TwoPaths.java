package trainbook.engine.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import trainbook.engine.TrainSpec;

/**
 * One update rule run two ways over the same steps of the quadratic ½·Σ a·w² + Σ w: through {@code step()} (the
 * native kernel, where the rule has one) and through its NDArray formula ({@code update}) with its own state.
 */
final class TwoPaths {
    private TwoPaths() {}

    /** The weights the rule starts from (2×3). */
    static final float[] START = {0.5f, -1.2f, 2.0f, 0.03f, -0.7f, 1.1f};
    private static final float[] A = {1.0f, 0.5f, 2.0f, 3.0f, 0.2f, 1.5f};

    /**
     * @param stepped  the weights after {@code step()}
     * @param formula  the weights after the formula
     * @param state    the formula's state arrays afterwards
     * @param exported what {@code step()}'s rule reports as its state ({@code stateOf}), possibly null
     */
    record Result(float[] stepped, float[] formula, float[][] state, float[][] exported) {}

    /**
     * Runs {@code spec}'s rule for {@code lrs.length} steps, setting the momentum to {@code mus[t]} before step t
     * when {@code mus} is not null; the formula keeps {@code states} state arrays.
     */
    static Result run(TrainSpec spec, float[] lrs, double[] mus, int states) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w1 = m.create(START, new Shape(2, 3));
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", OptimizerFormulaTest.param("w", w1));
            NDArray a = m.create(A, new Shape(2, 3));
            NDArray w2 = m.create(START, new Shape(2, 3));
            NDArray[] st = new NDArray[states];
            for (int k = 0; k < states; k++) st[k] = m.zeros(new Shape(2, 3));
            try (BaseUpdateRule fused = (BaseUpdateRule) Optimizers.create(spec);
                 BaseUpdateRule plain = (BaseUpdateRule) Optimizers.create(spec)) {
                for (int t = 0; t < lrs.length; t++) {
                    if (mus != null) {
                        fused.setMomentum(mus[t]);
                        plain.setMomentum(mus[t]);
                    }
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        gc.backward(w1.square().mul(a).sum().mul(0.5f).add(w1.sum()));
                    }
                    fused.step(t, lrs[t], params);
                    plain.update("w", w2, w2.mul(a).add(1f), st, t, lrs[t]); // the same gradient: a·w + 1
                }
                float[][] state = new float[states][];
                for (int k = 0; k < states; k++) state[k] = st[k].toFloatArray();
                return new Result(w1.toFloatArray(), w2.toFloatArray(), state, fused.stateOf("w"));
            }
        }
    }
}
