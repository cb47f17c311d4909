package trainbook.engine.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import org.junit.jupiter.api.Test;
import trainbook.engine.data.HostData;
import trainbook.engine.data.Synthetic;
import trainbook.engine.model.Models;
import trainbook.engine.run.DataProfile;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProbeTest {
    @Test
    void profileDescribesTheData() {
        float[] x = {0, 1, 2, Float.NaN, 4, 5};
        float[] y = {0, 1, 1};
        HostData d = new HostData("t", x, new long[]{2}, y, HostData.CLASSIFICATION, 2, List.of(), false);
        DataProfile p = DataProfiler.profile("t", d, 7, false);
        assertEquals(1, p.nonFiniteInputs());
        assertEquals(0, p.inputMin());
        assertEquals(5, p.inputMax());
        assertEquals(12 / 5.0, p.inputMean(), 1e-9);
        assertArrayEquals(new long[]{1, 2}, p.classCounts());
        assertEquals(2 / 3.0, p.targetMean(), 1e-9);
        assertTrue(p.integerTargets());
        assertEquals(7, p.valSize());
        DataProfile r = DataProfiler.profile("lin", Synthetic.linear(500, 2, 0.1, 1), 0, false);
        assertEquals("regression", r.task());
        assertFalse(r.integerTargets());
        assertEquals(3, r.targetMean(), 0.5);
        assertEquals(8, r.targetVar(), 2.0, "var(2(x1+x2)) = 8");
    }

    @Test
    void deadUnitsFindsReluUnitsThatNeverFire() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock b = (SequentialBlock) Models.build("mlp(4,6)", "relu", 0, "none", new long[]{3}, 2);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            // kill first-layer unit 0 and 1: zero weights, negative bias
            Parameter w = b.getParameters().get(0).getValue();
            Parameter bias = b.getParameters().get(1).getValue();
            NDArray wv = w.getArray().duplicate();
            wv.set(new ai.djl.ndarray.index.NDIndex("0:2, :"), 0f);
            w.getArray().set(wv.toFloatArray());
            float[] bv = bias.getArray().toFloatArray();
            bv[0] = -1;
            bv[1] = -1;
            bias.getArray().set(bv);
            Map<String, Double> dead = DeadUnits.measure(b, m.randomNormal(new Shape(64, 3)));
            assertEquals(List.of("relu1", "relu2"), List.copyOf(dead.keySet()));
            assertTrue(dead.get("relu1") >= 0.5 - 1e-9, "2 of 4 units dead: " + dead);
            assertTrue(DeadUnits.measure(Models.activation("relu"), m.ones(new Shape(2, 2))).isEmpty());
        }
    }
}
