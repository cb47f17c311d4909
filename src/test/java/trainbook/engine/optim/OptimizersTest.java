package trainbook.engine.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;

import static org.junit.jupiter.api.Assertions.*;

class OptimizersTest {

    @Test
    void unknownNameQuotesItAndSuggestsClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create(new TrainSpec().opt("adamm")));
        assertTrue(e.getMessage().contains("'adamm'"), e.getMessage());
        assertTrue(e.getMessage().contains("sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad"), e.getMessage());
        assertTrue(e.getMessage().contains("closest: adam"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Optimizers.create(new TrainSpec().opt("rmsrpop")))
                .getMessage().contains("closest: rmsprop"));
    }

    @Test
    void namesAreCaseInsensitiveAndNagIsNesterov() {
        assertEquals("adamw", Optimizers.create(new TrainSpec().opt(" AdamW ")).name());
        assertEquals("nesterov", Optimizers.create(new TrainSpec().opt("nag")).name());
        assertEquals("momentum", Optimizers.create(new TrainSpec().opt("momentum").momentum(0)).name()); // as asked
        assertEquals(7, Optimizers.NAMES.size());
    }

    @Test
    void invalidHyperparametersAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create(new TrainSpec().opt("adam").wd(-0.1)));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create(new TrainSpec().opt("momentum").momentum(1.5)));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create(new TrainSpec().opt("nesterov").momentum(0)));
        // sgd ignores momentum entirely
        assertEquals("sgd", Optimizers.create(new TrainSpec().opt("sgd").momentum(0)).name());
    }

    @Test
    void describeIsOneLinePerRule() {
        for (String n : Optimizers.NAMES) {
            String d = Optimizers.describe(new TrainSpec().opt(n).wd(1e-4));
            assertTrue(d.startsWith(n + " ("), d);
            assertFalse(d.contains("\n"));
        }
        assertEquals("adamw (β1 0.9, β2 0.999, ε 1e-8, decoupled wd 0.01)", Optimizers.describe(new TrainSpec().opt("adamw").wd(0.01)));
        assertEquals("momentum (SGD, μ 0.9, L2 wd 1e-4)", Optimizers.describe(new TrainSpec().opt("momentum").wd(1e-4)));
    }

    @Test
    void stepsDoNotLeakAndZeroTheGradient() {
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            NDArray w = root.randomNormal(new Shape(16, 8));
            NDArray b = root.zeros(new Shape(8));
            NDArray x = root.randomNormal(new Shape(4, 16));
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", OptimizerFormulaTest.param("w", w));
            params.add("b", OptimizerFormulaTest.param("b", b));
            for (String name : Optimizers.NAMES) {
                try (UpdateRule opt = Optimizers.create(new TrainSpec().opt(name).wd(1e-3))) {
                    int before = -1;
                    for (int t = 0; t < 60; t++) {
                        try (NDManager fwd = root.newSubManager();
                             GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                            NDArray xs = x.duplicate();
                            xs.attach(fwd);
                            NDArray loss = xs.matMul(w).add(b).tanh().square().mean();
                            gc.backward(loss);
                        }
                        opt.step(t, 0.01f, params);
                        if (t == 0) before = root.getManagedArrays().size();
                    }
                    assertEquals(before, root.getManagedArrays().size(), name + " leaked NDArrays");
                    try (NDManager s = root.newSubManager()) {
                        NDArray g = w.getGradient();
                        g.attach(s);
                        assertEquals(0f, g.abs().sum().getFloat(), 0f, name + " should zero the gradient");
                    }
                }
            }
            assertTrue(Float.isFinite(w.sum().getFloat()));
        }
    }

    @Test
    void frozenParametersAreLeftAlone() {
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            NDArray w = root.create(new float[]{1, 2, 3});
            NDArray f = root.create(new float[]{4, 5});
            Parameter pw = OptimizerFormulaTest.param("w", w);
            Parameter pf = OptimizerFormulaTest.param("f", f);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", pw);
            params.add("f", pf);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(w.sum().add(f.sum()));
            }
            pf.freeze(true);
            try (UpdateRule opt = Optimizers.create(new TrainSpec().opt("adam"))) {
                opt.step(0, 0.1f, params);
                assertEquals(1, ((BaseUpdateRule) opt).stateCount());
            }
            assertArrayEquals(new float[]{4, 5}, f.toFloatArray());
            assertArrayEquals(new float[]{0.9f, 1.9f, 2.9f}, w.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void stepInsideAnOpenGradientCollectorWorks() {
        // PyTorch forbids in-place updates of leaves that require grad while autograd records; steps turn it off
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray w = m.create(new float[]{1, 2, 3});
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", OptimizerFormulaTest.param("w", w));
            try (UpdateRule o = Optimizers.create(new TrainSpec().opt("momentum"));
                 GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(w.square().sum());
                o.step(0, 0.1f, params);
                assertArrayEquals(new float[]{0.8f, 1.6f, 2.4f}, w.toFloatArray(), 1e-6f);
                assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode(), "grad mode is restored after the step");
            }
        }
    }
}
