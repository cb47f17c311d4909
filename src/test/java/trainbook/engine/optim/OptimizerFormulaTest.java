package trainbook.engine.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trainbook.engine.TrainSpec;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each update rule against its closed form, computed in plain Java doubles, over three steps on a tiny quadratic
 * problem whose gradient depends on the weights (loss = Σ ½·a·w² + c·w, so g = a·w + c).
 */
class OptimizerFormulaTest {
    static final double[] W0 = {0.5, -1.2, 2.0, 0.1, -0.7};
    static final double[] A = {1.0, 0.5, 2.0, 3.0, 0.25};
    static final double[] C = {0.3, -0.2, 0.1, -0.5, 0.05};
    static final double[] LRS = {0.1, 0.05, 0.02}; // a different LR at each step, as a schedule would give
    static final double MU = 0.9;

    static NDManager manager;

    /**
     * Final weights after the same three steps computed by torch.optim (PyTorch 1.13.1, float64): SGD,
     * SGD(momentum=0.9), SGD(momentum=0.9, nesterov=True), Adam, AdamW, RMSprop, Adagrad with default
     * hyperparameters and {@code weight_decay} 0 or 0.1, the LR set per step through {@code param_groups}.
     */
    static final java.util.Map<String, double[]> TORCH = new java.util.HashMap<>();

    static {
        TORCH.put("sgd 0.0", new double[]{0.370320000000, -1.067180000000, 1.366960000000, 0.129380000000, -0.678999218750});
        TORCH.put("sgd 0.1", new double[]{0.362877150000, -1.047982880000, 1.339343700000, 0.127770590000, -0.667393611250});
        TORCH.put("momentum 0.0", new double[]{0.309120000000, -1.004900000000, 1.064380000000, 0.143600000000, -0.669183593750});
        TORCH.put("momentum 0.1", new double[]{0.298081650000, -0.976609280000, 1.023164700000, 0.141228290000, -0.652133886250});
        TORCH.put("nesterov 0.0", new double[]{0.210824880000, -0.897837620000, 0.646878640000, 0.159992420000, -0.651756422656});
        TORCH.put("nesterov 0.1", new double[]{0.195476246850, -0.855525573920, 0.594067188300, 0.156435851810, -0.625385185814});
        TORCH.put("adam 0.0", new double[]{0.330502823771, -1.030195064865, 1.830143396962, 0.210023661330, -0.531057085332});
        TORCH.put("adam 0.1", new double[]{0.330529444862, -1.030205932580, 1.830143599737, 0.203664772019, -0.530882878878});
        TORCH.put("adamw 0.0", new double[]{0.330502823771, -1.030195064865, 1.830143396962, 0.210023661330, -0.531057085332});
        TORCH.put("adamw 0.1", new double[]{0.322878045753, -1.010719819807, 1.797137889746, 0.208484859144, -0.520137849754});
        TORCH.put("rmsprop 0.0", new double[]{-0.359102745084, 0.024894351292, 0.703452928026, 0.516660333985, -0.095058060136});
        TORCH.put("rmsprop 0.1", new double[]{-0.336940273658, 0.009651963108, 0.703729131520, 0.516002207476, -0.048509151233});
        TORCH.put("adagrad 0.0", new double[]{0.356443973660, -1.054689585004, 1.854326725104, 0.174726442833, -0.558783915530});
        TORCH.put("adagrad 0.1", new double[]{0.356574329062, -1.054762379714, 1.854328209395, 0.170031387723, -0.558117247939});
    }

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String opt : Optimizers.NAMES) {
            b.add(Arguments.of(opt, 0.0));
            b.add(Arguments.of(opt, 0.1));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} wd={1}")
    @MethodSource("cases")
    void matchesClosedForm(String opt, double wd) {
        // momentum= is given only where torch's default is used with it (momentum, nesterov); sgd with momentum
        // is checked against torch's SGD(momentum=0.9) below
        TrainSpec spec = new TrainSpec().opt(opt).wd(wd);
        if (opt.equals("momentum") || opt.equals("nesterov")) spec.momentum(MU);
        double[] expected = closedForm(opt, wd);
        float[] actual;
        try (NDManager m = manager.newSubManager(); UpdateRule o = Optimizers.create(spec)) {
            assertEquals(opt, o.name());
            // split the 5 weights over two parameters (a 2×2 matrix and a scalar-like vector) to exercise keying
            NDArray w1 = m.create(new float[]{(float) W0[0], (float) W0[1], (float) W0[2], (float) W0[3]}, new Shape(2, 2));
            NDArray w2 = m.create(new float[]{(float) W0[4]});
            PairList<String, Parameter> params = new PairList<>();
            params.add("layer.weight", param("layer.weight", w1));
            params.add("layer.bias", param("layer.bias", w2));
            NDArray a1 = m.create(new float[]{(float) A[0], (float) A[1], (float) A[2], (float) A[3]}, new Shape(2, 2));
            NDArray c1 = m.create(new float[]{(float) C[0], (float) C[1], (float) C[2], (float) C[3]}, new Shape(2, 2));
            NDArray a2 = m.create(new float[]{(float) A[4]});
            NDArray c2 = m.create(new float[]{(float) C[4]});
            for (int t = 0; t < 3; t++) {
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray loss = w1.square().mul(a1).sum().mul(0.5f).add(w1.mul(c1).sum())
                            .add(w2.square().mul(a2).sum().mul(0.5f)).add(w2.mul(c2).sum());
                    gc.backward(loss);
                }
                o.step(t, (float) LRS[t], params);
            }
            float[] p1 = w1.toFloatArray(), p2 = w2.toFloatArray();
            actual = new float[]{p1[0], p1[1], p1[2], p1[3], p2[0]};
        }
        for (int i = 0; i < W0.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, opt + " wd=" + wd + " weight " + i);
            assertNotEquals(W0[i], actual[i], 1e-4, "weight " + i + " should have moved");
        }
    }

    /** {@code opt=sgd momentum=0.9} is torch's {@code SGD(momentum=0.9)}: classical momentum, not plain SGD. */
    @ParameterizedTest(name = "sgd momentum=0.9 wd={0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.0, 0.1})
    void sgdWithMomentumIsTorchSgdMomentum(double wd) {
        try (NDManager m = manager.newSubManager(); UpdateRule o = Optimizers.create(new TrainSpec().opt("sgd").momentum(MU).wd(wd))) {
            assertEquals("sgd", o.name());
            NDArray w = m.create(new float[]{(float) W0[0], (float) W0[1], (float) W0[2], (float) W0[3], (float) W0[4]});
            NDArray a = m.create(new float[]{(float) A[0], (float) A[1], (float) A[2], (float) A[3], (float) A[4]});
            NDArray c = m.create(new float[]{(float) C[0], (float) C[1], (float) C[2], (float) C[3], (float) C[4]});
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", param("w", w));
            for (int t = 0; t < 3; t++) {
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(w.square().mul(a).sum().mul(0.5f).add(w.mul(c).sum()));
                }
                o.step(t, (float) LRS[t], params);
            }
            float[] got = w.toFloatArray();
            double[] torch = TORCH.get("momentum " + wd);
            for (int i = 0; i < got.length; i++) assertEquals(torch[i], got[i], 1e-6, "weight " + i);
        }
    }

    /** With gradients near ε the placement of ε matters: torch adds it to √v̂, after the bias correction. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"adam", "adamw", "rmsprop", "adagrad"})
    void epsilonPlacementMatchesTorchForTinyGradients(String opt) {
        double[] c = {1e-8, -3e-8, 2e-9};
        double[] w = {1, 1, 1}, s1 = new double[3], s2 = new double[3];
        float[] actual;
        try (NDManager m = manager.newSubManager(); UpdateRule o = Optimizers.create(new TrainSpec().opt(opt))) {
            NDArray wa = m.create(new float[]{1, 1, 1});
            NDArray ca = m.create(new float[]{(float) c[0], (float) c[1], (float) c[2]});
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", param("w", wa));
            for (int t = 0; t < 3; t++) {
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(ca.mul(wa).sum());
                }
                o.step(t, 0.1f, params);
                for (int i = 0; i < 3; i++) {
                    double g = (float) c[i];
                    switch (opt) {
                        case "adam", "adamw" -> {
                            s1[i] = 0.9 * s1[i] + 0.1 * g;
                            s2[i] = 0.999 * s2[i] + 0.001 * g * g;
                            w[i] -= 0.1 * (s1[i] / (1 - Math.pow(0.9, t + 1))) / (Math.sqrt(s2[i] / (1 - Math.pow(0.999, t + 1))) + 1e-8);
                        }
                        case "rmsprop" -> {
                            s1[i] = 0.99 * s1[i] + 0.01 * g * g;
                            w[i] -= 0.1 * g / (Math.sqrt(s1[i]) + 1e-8);
                        }
                        default -> {
                            s1[i] += g * g;
                            w[i] -= 0.1 * g / (Math.sqrt(s1[i]) + 1e-10);
                        }
                    }
                }
            }
            actual = wa.toFloatArray();
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(w[i], actual[i], 1e-6, opt + " weight " + i);
        }
        // ε visibly shrinks the steps here: the first weight moved less than 3 steps of plain sign descent
        if (!opt.equals("adagrad")) assertTrue(1 - actual[0] < 0.29, opt + " moved " + (1 - actual[0]));
    }

    /** The closed forms written here are torch.optim's: they reproduce its numbers. */
    @ParameterizedTest(name = "{0} wd={1}")
    @MethodSource("cases")
    void closedFormMatchesTorchReference(String opt, double wd) {
        double[] ref = TORCH.get(opt + " " + wd);
        double[] cf = closedForm(opt, wd);
        for (int i = 0; i < ref.length; i++) assertEquals(ref[i], cf[i], 1e-11, opt + " wd=" + wd + " weight " + i);
    }

    static Parameter param(String name, NDArray arr) {
        arr.setRequiresGradient(true);
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(arr).build();
    }

    /** The torch.optim definitions written out in doubles. */
    static double[] closedForm(String opt, double wd) {
        int n = W0.length;
        double[] w = W0.clone(), s1 = new double[n], s2 = new double[n];
        for (int t = 0; t < 3; t++) {
            double lr = LRS[t];
            for (int i = 0; i < n; i++) {
                double g = A[i] * w[i] + C[i];
                double d = opt.equals("adamw") ? g : g + wd * w[i];
                switch (opt) {
                    case "sgd" -> w[i] -= lr * d;
                    case "momentum" -> {
                        s1[i] = t == 0 ? d : MU * s1[i] + d;
                        w[i] -= lr * s1[i];
                    }
                    case "nesterov" -> {
                        s1[i] = t == 0 ? d : MU * s1[i] + d;
                        w[i] -= lr * (d + MU * s1[i]);
                    }
                    case "adam", "adamw" -> {
                        if (opt.equals("adamw")) w[i] *= 1 - lr * wd;
                        s1[i] = 0.9 * s1[i] + 0.1 * d;
                        s2[i] = 0.999 * s2[i] + 0.001 * d * d;
                        double mHat = s1[i] / (1 - Math.pow(0.9, t + 1));
                        double vHat = s2[i] / (1 - Math.pow(0.999, t + 1));
                        w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                    }
                    case "rmsprop" -> {
                        s1[i] = 0.99 * s1[i] + 0.01 * d * d;
                        w[i] -= lr * d / (Math.sqrt(s1[i]) + 1e-8);
                    }
                    case "adagrad" -> {
                        s1[i] += d * d;
                        w[i] -= lr * d / (Math.sqrt(s1[i]) + 1e-10);
                    }
                    default -> throw new AssertionError(opt);
                }
            }
        }
        return w;
    }
}
