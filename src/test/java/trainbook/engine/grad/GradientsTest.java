package trainbook.engine.grad;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Gradients are made known by a linear loss: loss = Σ c·w gives grad = c. */
class GradientsTest {
    NDManager root;
    NDArray w, b, frozen;
    PairList<String, Parameter> params;
    static final float[] CW = {3, 0, -4, 12};   // norm 13
    static final float[] CB = {0.5f, -0.5f, 1}; // norm √1.5

    @BeforeEach
    void setUp() {
        root = NDManager.newBaseManager("PyTorch");
        w = root.create(new float[]{1, 2, 3, 4}, new Shape(2, 2));
        b = root.create(new float[]{0, 0, 0});
        frozen = root.create(new float[]{7, 7});
        params = new PairList<>();
        params.add("fc.weight", param("fc.weight", w));
        params.add("fc.bias", param("fc.bias", b));
        Parameter pf = param("frozen", frozen);
        params.add("frozen", pf);
        backward(1f);
        pf.freeze(true);
    }

    @AfterEach
    void tearDown() {
        root.close();
    }

    void backward(float scale) {
        try (NDManager fwd = root.newSubManager();
             GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray cw = fwd.create(CW, new Shape(2, 2)).mul(scale);
            NDArray cb = fwd.create(CB).mul(scale);
            NDArray cf = fwd.create(new float[]{100, 100});
            gc.backward(cw.mul(w).sum().add(cb.mul(b).sum()).add(cf.mul(frozen).sum()));
        }
    }

    static Parameter param(String name, NDArray a) {
        a.setRequiresGradient(true);
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(a).build();
    }

    float[] grad(NDArray a) {
        try (NDManager s = root.newSubManager()) {
            NDArray g = a.getGradient();
            g.attach(s);
            return g.toFloatArray();
        }
    }

    @Test
    void globalAndPerParameterNormsSkipFrozen() {
        assertEquals(Math.sqrt(169 + 1.5), Gradients.globalNorm(params), 1e-5);
        LinkedHashMap<String, Double> n = Gradients.norms(params);
        assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(n.keySet()));
        assertEquals(13.0, n.get("fc.weight"), 1e-5);
        assertEquals(Math.sqrt(1.5), n.get("fc.bias"), 1e-6);
        assertEquals(0.0, Gradients.globalNorm(new PairList<>()));
    }

    @Test
    void clipByGlobalNormScalesLikeTorch() {
        double norm = Math.sqrt(170.5);
        assertEquals(norm, Gradients.clipByGlobalNorm(params, 100), 1e-5);
        assertArrayEquals(CW, grad(w), 0f); // below the limit: untouched
        assertEquals(norm, Gradients.clipByGlobalNorm(params, 1.0), 1e-5);
        double scale = 1.0 / (norm + 1e-6);
        float[] gw = grad(w), gb = grad(b);
        for (int i = 0; i < 4; i++) assertEquals(CW[i] * scale, gw[i], 1e-6);
        for (int i = 0; i < 3; i++) assertEquals(CB[i] * scale, gb[i], 1e-6);
        assertEquals(1.0, Gradients.globalNorm(params), 1e-5);
        assertFalse(frozen.hasGradient()); // DJL drops a frozen parameter's gradient; it is skipped anyway
        assertThrows(IllegalArgumentException.class, () -> Gradients.clipByGlobalNorm(params, 0));
    }

    @Test
    void clipByGlobalNormUsesAKnownNormInsteadOfMeasuringAgain() {
        double norm = Math.sqrt(170.5);
        // the loop passes the norm it already read on a sampled step: the scale comes from it
        assertEquals(2 * norm, Gradients.clipByGlobalNorm(params, 1.0, 2 * norm), 1e-9);
        double scale = 1.0 / (2 * norm + 1e-6);
        float[] gw = grad(w);
        for (int i = 0; i < 4; i++) assertEquals(CW[i] * scale, gw[i], 1e-6);
        // NaN means "not known": measured as before
        assertEquals(norm * scale, Gradients.clipByGlobalNorm(params, 100, Double.NaN), 1e-5);
    }

    @Test
    void clipByValueClampsEachElement() {
        Gradients.clipByValue(params, 2.5);
        assertArrayEquals(new float[]{2.5f, 0, -2.5f, 2.5f}, grad(w), 0f);
        assertArrayEquals(CB, grad(b), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.clipByValue(params, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void updateRatiosPerParameterAndGlobal() {
        Map<String, NDArray> before = Gradients.snapshot(params);
        assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(before.keySet()));
        w.subi(root.create(new float[]{0.3f, 0, 0, 0.4f}, new Shape(2, 2))); // ||Δ|| = 0.5, ||w|| = √30
        b.addi(root.create(new float[]{0, 1.2f, 0}));                       // zero weights before: no own ratio
        LinkedHashMap<String, Double> r = Gradients.updateRatios(before, params);
        assertEquals(List.of("fc.weight", Gradients.GLOBAL), List.copyOf(r.keySet()));
        assertEquals(0.5 / Math.sqrt(30), r.get("fc.weight"), 1e-6);
        assertEquals(Math.sqrt(0.25 + 1.44) / Math.sqrt(30), r.get("*"), 1e-6);
        assertArrayEquals(new float[]{1, 2, 3, 4}, before.get("fc.weight").toFloatArray(), 0f); // copies, not views
        NDManager holder = before.get("fc.weight").getManager();
        assertNotSame(root, holder);
        Gradients.release(before);
        assertTrue(before.values().stream().allMatch(NDArray::isReleased));
        assertFalse(holder.isOpen());
    }

    @Test
    void nothingLeaksAcrossManyCalls() {
        // warm up once, then count the arrays the root manager (recursively) holds
        runAll();
        int before = root.getManagedArrays().size();
        for (int i = 0; i < 50; i++) runAll();
        assertEquals(before, root.getManagedArrays().size());
    }

    private void runAll() {
        backward(0.01f);
        Gradients.globalNorm(params);
        Gradients.norms(params);
        Gradients.clipByGlobalNorm(params, 0.5);
        Gradients.clipByValue(params, 0.1);
        Map<String, NDArray> snap = Gradients.snapshot(params);
        w.subi(0.001f);
        Gradients.updateRatios(snap, params);
        Gradients.release(snap);
    }

    @Test
    void worksInsideAnOpenGradientCollector() {
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            assertEquals(Math.sqrt(170.5), Gradients.clipByGlobalNorm(params, 1.0), 1e-5);
            Map<String, NDArray> snap = Gradients.snapshot(params);
            assertFalse(snap.get("fc.weight").hasGradient(), "a snapshot is plain data, outside autograd");
            Gradients.release(snap);
            assertTrue(ai.djl.pytorch.jni.JniUtils.isGradMode());
        }
    }
}
