package trainbook.engine.lrfind;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SmootherTest {
    @Test
    void debiasedEmaMatchesFormula() {
        double[] s = Smoother.smooth(new double[]{2.0, 1.0, 4.0});
        double b = 0.98;
        assertEquals(2.0, s[0], 1e-12); // debiased: the first value is the first loss
        double a1 = (1 - b) * 2.0, a2 = b * a1 + (1 - b) * 1.0, a3 = b * a2 + (1 - b) * 4.0;
        assertEquals(a2 / (1 - b * b), s[1], 1e-12);
        assertEquals(a3 / (1 - b * b * b), s[2], 1e-12);
        double[] flat = Smoother.smooth(new double[]{3, 3, 3, 3, 3});
        for (double v : flat) assertEquals(3, v, 1e-12);
        assertArrayEquals(new double[]{1, 5, 2}, Smoother.smooth(new double[]{1, 5, 2}, 0), 0);
    }

    @Test
    void onlineStateAndDivergence() {
        Smoother sm = new Smoother(0.5);
        assertTrue(Double.isNaN(sm.value()));
        assertFalse(sm.diverged());
        sm.add(1.0);
        sm.add(0.5);
        assertEquals(2, sm.count());
        assertEquals((0.5 * 0.5 + 0.25) / 0.75, sm.value(), 1e-12);
        assertEquals(sm.value(), sm.best(), 0);
        assertFalse(sm.diverged());
        sm.add(100);
        assertTrue(sm.diverged());
        sm.reset();
        assertEquals(0, sm.count());
        sm.add(Double.NaN);
        assertTrue(sm.diverged());
        assertThrows(IllegalArgumentException.class, () -> new Smoother(1.0));
    }

    @Test
    void divergenceIndexIsFirstPointAboveFourTimesBest() {
        assertEquals(4, Smoother.divergenceIndex(new double[]{2, 1, 0.5, 1.9, 2.1, 10}));
        assertEquals(-1, Smoother.divergenceIndex(new double[]{2, 1, 0.5, 1.9, 1.99}));
        assertEquals(2, Smoother.divergenceIndex(new double[]{1, 1, Double.POSITIVE_INFINITY}));
        assertEquals(2, Suggestions.divergenceIndex(new double[]{1, 2, 4.5}));
        assertEquals(-1, Smoother.divergenceIndex(new double[]{-1, -2, 5}, 4)); // negative best: only non-finite stops
        assertThrows(IllegalArgumentException.class, () -> Smoother.divergenceIndex(new double[]{1}, 1));
    }
}
