package trainbook.engine.optim;

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
        float[] lrs = {0.01f, 0.02f, 0f, 0.005f, 0.005f, 0.01f, 0.001f};
        double[] mus = {0.9, 0.85, 0.8, 0.85, 0.9, 0.95, 0.9};
        TwoPaths.Result r = TwoPaths.run(new trainbook.engine.TrainSpec().opt(opt).wd(wd).momentum(0.9), lrs,
                cycled ? mus : null, 1);
        for (int i = 0; i < r.stepped().length; i++) {
            assertEquals(r.formula()[i], r.stepped()[i], 1e-6, opt + " wd=" + wd + " weight " + i);
            assertTrue(Math.abs(r.stepped()[i] - TwoPaths.START[i]) > 1e-4, "weight " + i + " should have moved");
        }
        float[][] exported = r.exported();
        if (exported.length > 0) {
            float[] b = r.state()[0];
            // the buffer grows to ~20 here: float rounding of lr·b / lr is relative
            for (int i = 0; i < b.length; i++) assertEquals(b[i], exported[0][i], 1e-6 * Math.max(1, Math.abs(b[i])), "buffer b " + i);
        }
    }
}
