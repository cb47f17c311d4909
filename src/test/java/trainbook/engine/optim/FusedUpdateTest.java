package trainbook.engine.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The native single-kernel updates ({@link BaseUpdateRule#fusedUpdate}) give the numbers of the NDArray formulas
 * ({@link BaseUpdateRule#update}) over several steps with a changing learning rate, weight decay included.
 */
class FusedUpdateTest {
    @ParameterizedTest(name = "{0} wd={1}")
    @CsvSource({"adam,0", "adam,0.1", "adamw,0", "adamw,0.1", "sgd,0", "sgd,0.1", "nesterov,0", "nesterov,0.1",
            "rmsprop,0", "rmsprop,0.1", "adagrad,0", "adagrad,0.1"})
    void fusedMatchesTheFormula(String opt, double wd) {
        float[] lrs = {0.01f, 0.02f, 0.005f, 0.01f, 0.001f};
        TwoPaths.Result r = TwoPaths.run(new trainbook.engine.TrainSpec().opt(opt).wd(wd), lrs, null, 2);
        // the state a kernel keeps in its own units is reported in the formula's (torch's); not Adam's, whose
        // kernel weighs v with float 1 − β2 by design and corrects that in the bias correction
        float[][] exported = opt.startsWith("adam") ? new float[0][] : r.exported();
        for (int k = 0; exported != null && k < exported.length; k++) {
            float[] want = r.state()[k];
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], exported[k][i], 1e-6 * Math.max(1, Math.abs(want[i])), opt + " state " + k + "[" + i + "]");
            }
        }
        for (int i = 0; i < r.stepped().length; i++) {
            assertEquals(r.formula()[i], r.stepped()[i], 1e-6, opt + " wd=" + wd + " weight " + i);
            assertEquals(true, Math.abs(r.stepped()[i] - TwoPaths.START[i]) > 1e-4, "weight " + i + " should have moved");
        }
    }

    /** Native calls per step: each rule with a kernel takes it, instead of the formula. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad"})
    void kernelRulesReportTheirPath(String opt) {
        try (BaseUpdateRule o = (BaseUpdateRule) Optimizers.create(new trainbook.engine.TrainSpec().opt(opt))) {
            assertEquals(true, o.nativeKernels());
            assertEquals(false, o.nativeKernels(false).nativeKernels());
        }
    }

    /**
     * Adagrad's kernel keeps its sum scaled by a factor that shrinks every step and is reset to 1 about every
     * 14,000 steps: past that point the weights still follow torch's rule, here written out in doubles.
     */
    @org.junit.jupiter.api.Test
    void adagradKernelFollowsTorchPastItsRescale() {
        double[] a = {1.0, 0.5, 2.0}, c = {0.3, -0.2, 0.1};
        double[] w = {0.5, -1.2, 2.0}, s = new double[3];
        int steps = 15_000;
        float lr = 0.01f;
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             BaseUpdateRule o = new Adagrad(0)) {
            NDArray wa = m.create(new float[]{0.5f, -1.2f, 2.0f});
            NDArray aa = m.create(new float[]{1.0f, 0.5f, 2.0f}), ca = m.create(new float[]{0.3f, -0.2f, 0.1f});
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", OptimizerFormulaTest.param("w", wa));
            for (int t = 0; t < steps; t++) {
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(wa.square().mul(aa).sum().mul(0.5f).add(wa.mul(ca).sum()));
                }
                o.step(t, lr, params);
                for (int i = 0; i < 3; i++) {
                    double g = (float) a[i] * w[i] + (float) c[i];
                    s[i] += g * g;
                    w[i] -= lr * g / (Math.sqrt(s[i]) + 1e-10);
                }
            }
            float[] got = wa.toFloatArray();
            float[] sum = o.stateOf("w")[0];
            for (int i = 0; i < 3; i++) {
                assertEquals(w[i], got[i], 1e-5, "weight " + i);
                assertEquals(s[i], sum[i], 1e-4 * Math.max(1, s[i]), "sum " + i);
            }
        }
    }
}
