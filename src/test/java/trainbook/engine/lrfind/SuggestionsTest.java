package trainbook.engine.lrfind;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class SuggestionsTest {
    /** log10(lr) from -7 to 1 in steps of 0.1: 81 points, an exponential ramp. */
    static double[] xs() {
        double[] x = new double[81];
        for (int i = 0; i < x.length; i++) x[i] = -7 + 0.1 * i;
        return x;
    }

    static double[] lrs(double[] x) {
        double[] l = new double[x.length];
        for (int i = 0; i < x.length; i++) l[i] = Math.pow(10, x[i]);
        return l;
    }

    static double[] curve(double[] x, DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f.applyAsDouble(x[i]);
        return y;
    }

    /** Plateau at 2.3, sigmoid descent centred at 1e-3, explosion past 1e-1: a typical range-test curve. */
    static double realistic(double x) {
        return 2.3 - 2.0 / (1 + Math.exp(-(x + 3) / 0.3)) + 0.05 * Math.exp(3 * (x + 1));
    }

    @Test
    void cleanUShapeInLogLrHasKnownAnswers() {
        double[] x = xs(), lr = lrs(x);
        double[] loss = curve(x, v -> 1 + (v + 2) * (v + 2) / 10); // minimum at lr = 1e-2
        assertEquals(1e-3, Suggestions.minimumDiv10(lr, loss).getAsDouble(), 1e-12);
        assertEquals(1e-7, Suggestions.steep(lr, loss).getAsDouble(), 1e-18); // the left edge falls fastest
        // slide: loss within 10% of the drop (from the highest point before the minimum) above the minimum
        double limit = 1 + 0.1 * (loss[0] - 1);
        int edge = 0;
        while (loss[edge] > limit) edge++;
        assertEquals(lr[edge], Suggestions.slide(lr, loss).getAsDouble(), 1e-15);
        assertEquals(-3.5, x[edge], 1e-9);
        // valley: decreasing from point 0 (loss 3.5) to 50 (loss 1); two thirds down is loss 1.8333, first reached
        // where (x + 2)² ≤ 8.333, i.e. x ≥ -4.887: the grid point x = -4.8
        assertEquals(lr[22], Suggestions.valley(lr, loss).getAsDouble(), 1e-18);
        LinkedHashMap<String, Double> all = Suggestions.all(lr, loss);
        assertEquals(List.of("valley", "steep", "minimum/10", "slide"), List.copyOf(all.keySet()));
        // on a U the four rules spread over four decades (1e-7, 1.6e-5, 3.2e-4, 1e-3): none agrees with another
        for (double v : all.values()) assertEquals(1, Suggestions.confidence(all, v));
    }

    @Test
    void realisticCurveOrdersTheRules() {
        double[] x = xs(), lr = lrs(x);
        double[] loss = curve(x, SuggestionsTest::realistic);
        double steep = Suggestions.steep(lr, loss).getAsDouble();
        assertEquals(1e-3, steep, 1e-3 * 0.27); // the sigmoid's centre, within one grid step (0.1 decade)
        int m = 0;
        for (int i = 1; i < loss.length; i++) if (loss[i] < loss[m]) m = i;
        assertEquals(lr[m] / 10, Suggestions.minimumDiv10(lr, loss).getAsDouble(), 1e-15);
        double valley = Suggestions.valley(lr, loss).getAsDouble();
        double slide = Suggestions.slide(lr, loss).getAsDouble();
        assertTrue(valley > steep && valley < lr[m], "valley " + valley + " lies past the steepest point, before the minimum");
        assertTrue(slide > steep && slide < lr[m], "slide " + slide);
        assertTrue(Suggestions.confidence(Suggestions.all(lr, loss), valley) >= 2);
    }

    @Test
    void noisyCurveStaysCloseToTheCleanAnswers() {
        double[] x = xs(), lr = lrs(x);
        double[] clean = curve(x, SuggestionsTest::realistic);
        Random rnd = new Random(7);
        double[] raw = new double[x.length];
        for (int i = 0; i < raw.length; i++) raw[i] = clean[i] + 0.08 * rnd.nextGaussian();
        double[] smoothed = Smoother.smooth(raw, 0.8);
        LinkedHashMap<String, Double> noisy = Suggestions.all(lr, smoothed);
        LinkedHashMap<String, Double> ref = Suggestions.all(lr, Smoother.smooth(clean, 0.8));
        assertEquals(ref.keySet(), noisy.keySet());
        for (String k : ref.keySet()) {
            double ratio = noisy.get(k) / ref.get(k);
            assertTrue(ratio > 1 / 4.0 && ratio < 4.0, k + ": noisy " + noisy.get(k) + " vs clean " + ref.get(k));
        }
    }

    @Test
    void flatCurveSuggestsNothing() {
        double[] x = xs(), lr = lrs(x);
        Random rnd = new Random(1);
        double[] raw = new double[x.length];
        for (int i = 0; i < raw.length; i++) raw[i] = 2.3 + 0.01 * rnd.nextGaussian();
        assertTrue(Suggestions.all(lr, Smoother.smooth(raw)).isEmpty());
        assertEquals(0, Suggestions.confidence(new LinkedHashMap<>(), 1e-3));
    }

    @Test
    void curveThatOnlyDivergesSuggestsNothing() {
        double[] x = xs(), lr = lrs(x);
        double[] loss = curve(x, v -> 2.3 * Math.exp(0.8 * (v + 7)));
        assertTrue(Suggestions.all(lr, loss).isEmpty());
        int d = Suggestions.divergenceIndex(loss);
        assertTrue(loss[d] > 4 * loss[0] && loss[d - 1] <= 4 * loss[0]);
        // a curve cut by NaN after a real descent still answers from its finite part
        double[] cut = curve(x, SuggestionsTest::realistic);
        for (int i = 70; i < cut.length; i++) cut[i] = Double.NaN;
        assertEquals(4, Suggestions.all(lr, cut).size());
    }

    @Test
    void badInputsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Suggestions.valley(new double[]{1e-3, 1e-2}, new double[]{1}));
        assertTrue(e.getMessage().contains("2 values") && e.getMessage().contains("1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Suggestions.steep(new double[]{1e-3, 1e-4, 1e-2}, new double[]{3, 2, 1}));
        assertTrue(e.getMessage().contains("1.0E-4"), e.getMessage());
        assertTrue(Suggestions.all(new double[]{1e-3, 1e-2}, new double[]{2, 1}).isEmpty()); // too few points
        e = assertThrows(IllegalArgumentException.class,
                () -> Suggestions.slide(new double[]{0, 1e-3, -1, 1e-1, 1, 2}, new double[]{6, 5, 4, 3, 2, 1}));
        assertTrue(e.getMessage().contains("-1.0 at point 2"), e.getMessage());
    }

    @Test
    void linearRampFromZeroSkipsTheZeroPoint() {
        double[] lr = new double[41], loss = new double[41];
        for (int i = 0; i <= 40; i++) {
            lr[i] = i * 0.01;                                  // 0, 0.01, ..., 0.4
            loss[i] = 2 - 1.5 * Math.sin(Math.PI * i / 50.0);  // falls until 0.25, then rises
        }
        LinkedHashMap<String, Double> s = Suggestions.all(lr, loss);
        assertEquals(4, s.size(), s.toString());
        assertEquals(0.025, s.get("minimum/10"), 1e-12);
        for (double v : s.values()) assertTrue(v > 0);
    }

    @Test
    void confidenceCountsAgreementWithinFactorThree() {
        LinkedHashMap<String, Double> s = new LinkedHashMap<>();
        s.put("valley", 1e-3);
        s.put("steep", 4e-4);
        s.put("minimum/10", 2.9e-3);
        s.put("slide", 1e-1);
        assertEquals(3, Suggestions.confidence(s, 1e-3));
        assertEquals(1, Suggestions.confidence(s, 1e-1));
        assertEquals(0, Suggestions.confidence(s, 10));
    }
}
