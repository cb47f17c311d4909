package trainbook.engine.lrfind;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.model.Models;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RangeTestTest {
    static TrainSpec spec() {
        TrainSpec s = new TrainSpec();
        s.data("blobs(n=600,classes=3,features=2)");
        s.model("mlp(32)");
        s.norm("batchnorm");
        s.batch(32);
        s.opt("sgd");
        s.threads(1);
        return s;
    }

    @Test
    void rampsRecordsAndSuggests() {
        LrFindResult r = Trainbook.lrfind(spec(), 1e-5, 10, 60, "exp");
        assertEquals("exp", r.mode());
        assertTrue(r.lrs().length >= 10 && r.lrs().length <= 60);
        assertEquals(1e-5, r.lrs()[0], 1e-12);
        for (int i = 1; i < r.lrs().length; i++) {
            assertEquals(Math.pow(1e6, 1.0 / 59), r.lrs()[i] / r.lrs()[i - 1], 1e-9, "exponential ramp");
        }
        assertEquals(r.lrs().length, r.losses().length);
        assertEquals(r.losses()[0], r.smoothed()[0], 1e-12, "debiased EMA starts at the first loss");
        assertFalse(r.suggestions().isEmpty());
        assertTrue(r.suggested() > 1e-5 && r.suggested() < 10, "suggested " + r.suggested());
        assertTrue(r.confidence() >= 1 && r.confidence() <= r.suggestions().size());
        if (r.stopReason() == RangeStop.DIVERGED) assertTrue(r.lrs().length < 60);
    }

    @Test
    void linearRamp() {
        assertEquals(0.5, RangeTest.lrAt(1, 3, 0, 1, "linear"), 1e-12);
        assertEquals(1e-3, RangeTest.lrAt(1, 3, 1e-6, 1, "exp"), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> RangeTest.builder().spec(spec()).mode("cubic").build());
        assertThrows(IllegalArgumentException.class, () -> RangeTest.builder().spec(spec()).start(1).end(0.1).build());
        assertThrows(IllegalArgumentException.class, () -> RangeTest.builder().spec(spec()).steps(2).build());
    }

    @Test
    void parametersAreBitIdenticalAfterTheTest() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = Models.build("mlp(16)", "relu", 0, "batchnorm", new long[]{2}, 3);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            List<float[]> before = new ArrayList<>();
            for (var p : block.getParameters()) before.add(p.getValue().getArray().toFloatArray());
            TrainSpec s = spec();
            s.modelObject(block);
            s.opt("adam");
            LrFindResult r = RangeTest.builder().spec(s).steps(30).end(1).build().run();
            assertTrue(r.lrs().length > 5);
            int i = 0;
            for (var p : block.getParameters()) {
                NDArray a = p.getValue().getArray();
                assertArrayEquals(before.get(i++), a.toFloatArray(), 0f, p.getKey() + " changed");
                if (p.getValue().requiresGradient()) assertTrue(a.hasGradient(), "still trainable");
            }
        }
    }
}
