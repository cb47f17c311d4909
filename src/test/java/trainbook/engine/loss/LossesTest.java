package trainbook.engine.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

class LossesTest {
    @Test
    void crossEntropyMatchesClosedForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[]{1, 2, 3, 0, 0, 0}, new Shape(2, 3));
            NDArray label = m.create(new long[]{2, 0});
            double lse1 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
            double expected = ((lse1 - 3) + Math.log(3)) / 2;
            assertEquals(expected, Losses.of("ce").compute(pred, label).getFloat(), 1e-6);
        }
    }

    @Test
    void binaryCrossEntropyIsStableAndCorrect() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[]{0, 2, -100}, new Shape(3, 1));
            NDArray label = m.create(new long[]{1, 0, 0});
            double expected = (Math.log(2) + Math.log(1 + Math.exp(2)) + Math.log1p(Math.exp(-100))) / 3;
            assertEquals(expected, Losses.of("bce").compute(pred, label).getFloat(), 1e-5);
        }
    }

    @Test
    void regressionLosses() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[]{0, 1, 5}, new Shape(3, 1));
            NDArray label = m.create(new float[]{0.5f, 1, 1}, new Shape(3, 1));
            // d = -0.5, 0, 4
            assertEquals((0.25 + 0 + 16) / 3, Losses.of("mse").compute(pred, label).getFloat(), 1e-6);
            assertEquals((0.5 + 0 + 4) / 3, Losses.of("mae").compute(pred, label).getFloat(), 1e-6);
            // huber δ=1: 0.5·0.25, 0, 1·(4 − 0.5)
            assertEquals((0.125 + 0 + 3.5) / 3, Losses.of("huber").compute(pred, label).getFloat(), 1e-6);
            assertEquals((0.125 + 0 + 4 * 2 - 2) / 3, Losses.huber(pred, label, 2).getFloat(), 1e-6);
        }
    }

    @Test
    void customLossesFromLambdasAndDjl() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[]{1, 3}, new Shape(2, 1));
            NDArray label = m.create(new float[]{0, 0}, new Shape(2, 1));
            BiFunction<NDArray, NDArray, NDArray> f = (p, l) -> p.sub(l);
            assertEquals(2, Losses.custom(f).compute(pred, label).getFloat(), 1e-6);
            assertEquals(2, Losses.custom(Loss.l1Loss()).compute(pred, label).getFloat(), 1e-6);
            TrainLoss t = (p, l) -> p.max();
            assertSame(t, Losses.custom(t));
            assertThrows(IllegalArgumentException.class, () -> Losses.custom("nope"));
        }
    }

    @Test
    void defaultsAndValidation() {
        assertEquals("ce", Losses.resolveName(null, true));
        assertEquals("mse", Losses.resolveName(null, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.resolveName("hinge", true));
        assertTrue(e.getMessage().contains("'hinge'") && e.getMessage().contains("huber"));
        assertEquals(10, Losses.outputs("ce", true, 10));
        assertEquals(1, Losses.outputs("bce", true, 2));
        assertThrows(IllegalArgumentException.class, () -> Losses.outputs("bce", true, 3));
        assertThrows(IllegalArgumentException.class, () -> Losses.outputs("mse", true, 3));
        assertThrows(IllegalArgumentException.class, () -> Losses.outputs("ce", false, 0));
    }
}
