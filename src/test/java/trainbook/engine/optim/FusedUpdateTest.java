package trainbook.engine.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The native single-kernel updates ({@link BaseOptimizer#fusedUpdate}) give the numbers of the NDArray formulas
 * ({@link BaseOptimizer#update}) over several steps with a changing learning rate, weight decay included.
 */
class FusedUpdateTest {
    @ParameterizedTest(name = "{0} wd={1}")
    @CsvSource({"adam,0", "adam,0.1", "adamw,0", "adamw,0.1", "sgd,0", "sgd,0.1"})
    void fusedMatchesTheFormula(String opt, double wd) {
        float[] w0 = {0.5f, -1.2f, 2.0f, 0.03f, -0.7f, 1.1f};
        float[] a = {1.0f, 0.5f, 2.0f, 3.0f, 0.2f, 1.5f};
        float[] lrs = {0.01f, 0.02f, 0.005f, 0.01f, 0.001f};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // path 1: through step(), which takes the fused kernel on the PyTorch engine
            NDArray w1 = m.create(w0, new Shape(2, 3));
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", OptimizerFormulaTest.param("w", w1));
            NDArray ca = m.create(a, new Shape(2, 3));
            // path 2: the NDArray formula called directly with its own state
            NDArray w2 = m.create(w0, new Shape(2, 3));
            NDArray[] st = {m.zeros(new Shape(2, 3)), m.zeros(new Shape(2, 3))};
            try (BaseOptimizer fused = (BaseOptimizer) Optimizers.create(new trainbook.engine.TrainSpec().opt(opt).wd(wd));
                 BaseOptimizer plain = (BaseOptimizer) Optimizers.create(new trainbook.engine.TrainSpec().opt(opt).wd(wd))) {
                for (int t = 0; t < lrs.length; t++) {
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        gc.backward(w1.square().mul(ca).sum().mul(0.5f).add(w1.sum()));
                    }
                    fused.step(t, lrs[t], params);
                    // the same gradient for w2: a·w + 1
                    NDArray g2 = w2.mul(ca).add(1f);
                    plain.update("w", w2, g2, st, t, lrs[t]);
                }
                float[] r1 = w1.toFloatArray(), r2 = w2.toFloatArray();
                for (int i = 0; i < r1.length; i++) {
                    assertEquals(r2[i], r1[i], 1e-6, opt + " wd=" + wd + " weight " + i);
                    assertEquals(true, Math.abs(r1[i] - w0[i]) > 1e-4, "weight " + i + " should have moved");
                }
            }
        }
    }
}
