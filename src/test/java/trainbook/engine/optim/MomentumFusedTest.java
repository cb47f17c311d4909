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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Momentum SGD on the native kernel, whose buffer is kept in LR units, still gives the NDArray formula's weights
 * (torch.optim's rule) when the LR changes every step, drops to 0 and comes back, and when μ is cycled; the
 * exported state is torch's buffer b, not the kernel's lr·b.
 */
class MomentumFusedTest {
    @ParameterizedTest(name = "{0} wd={1} cycled={2}")
    @CsvSource({"momentum,0,false", "momentum,0.1,false", "momentum,0,true", "momentum,0.1,true",
            "nesterov,0.1,false", "sgd,0,true"})
    void nativeMomentumMatchesTheFormula(String opt, double wd, boolean cycled) {
        float[] w0 = {0.5f, -1.2f, 2.0f, 0.03f, -0.7f, 1.1f};
        float[] a = {1.0f, 0.5f, 2.0f, 3.0f, 0.2f, 1.5f};
        float[] lrs = {0.01f, 0.02f, 0f, 0.005f, 0.005f, 0.01f, 0.001f};
        double[] mus = {0.9, 0.85, 0.8, 0.85, 0.9, 0.95, 0.9};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w1 = m.create(w0, new Shape(2, 3));
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", OptimizerFormulaTest.param("w", w1));
            NDArray ca = m.create(a, new Shape(2, 3));
            NDArray w2 = m.create(w0, new Shape(2, 3));
            NDArray[] st = {m.zeros(new Shape(2, 3))};
            trainbook.engine.TrainSpec spec = new trainbook.engine.TrainSpec().opt(opt).wd(wd).momentum(0.9);
            try (BaseOptimizer fused = (BaseOptimizer) Optimizers.create(spec);
                 BaseOptimizer plain = (BaseOptimizer) Optimizers.create(spec)) {
                for (int t = 0; t < lrs.length; t++) {
                    if (cycled) {
                        fused.setMomentum(mus[t]);
                        plain.setMomentum(mus[t]);
                    }
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        gc.backward(w1.square().mul(ca).sum().mul(0.5f).add(w1.sum()));
                    }
                    fused.step(t, lrs[t], params);
                    NDArray g2 = w2.mul(ca).add(1f);
                    plain.update("w", w2, g2, st, t, lrs[t]);
                }
                float[] r1 = w1.toFloatArray(), r2 = w2.toFloatArray();
                for (int i = 0; i < r1.length; i++) {
                    assertEquals(r2[i], r1[i], 1e-6, opt + " wd=" + wd + " weight " + i);
                    assertTrue(Math.abs(r1[i] - w0[i]) > 1e-4, "weight " + i + " should have moved");
                }
                float[][] exported = fused.stateOf("w");
                if (exported.length > 0) {
                    float[] b = st[0].toFloatArray();
                    // the buffer grows to ~20 here: float rounding of lr·b / lr is relative
                    for (int i = 0; i < b.length; i++) assertEquals(b[i], exported[0][i], 1e-6 * Math.max(1, Math.abs(b[i])), "buffer b " + i);
                }
            }
        }
    }
}
