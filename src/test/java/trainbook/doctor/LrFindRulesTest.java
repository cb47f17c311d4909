package trainbook.doctor;

import org.junit.jupiter.api.Test;
import trainbook.doctor.rules.LrFindDivergedRule;
import trainbook.doctor.rules.LrFindNeverFellRule;
import trainbook.doctor.rules.LrFindShortRule;
import trainbook.doctor.rules.LrFindSuggestionRule;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.lrfind.RangeStop;
import trainbook.engine.run.Finding;
import trainbook.engine.run.Severity;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

/** Range-test rules on synthetic curves shaped like the engine's (exp ramp 1e-7 → 10, debiased EMA, 4× stop). */
class LrFindRulesTest {

    /** A range test over {@code loss(lr)} with noise, stopped like the engine when the smoothed loss passes 4× its best. */
    static LrFindResult curve(double start, double end, int steps, DoubleUnaryOperator loss, long seed,
                              LinkedHashMap<String, Double> sug, double suggested, int confidence) {
        Random rnd = new Random(seed);
        double[] lrs = new double[steps], raw = new double[steps], sm = new double[steps];
        double avg = 0, best = Double.MAX_VALUE;
        int n = 0;
        RangeStop stop = RangeStop.COMPLETED;
        for (int i = 0; i < steps; i++) {
            double lr = start * Math.pow(end / start, i / (double) (steps - 1));
            double l = loss.applyAsDouble(lr) * (1 + 0.03 * rnd.nextGaussian());
            avg = 0.98 * avg + 0.02 * l;
            double s = avg / (1 - Math.pow(0.98, i + 1));
            lrs[i] = lr; raw[i] = l; sm[i] = s; n = i + 1;
            best = Math.min(best, s);
            if (!Double.isFinite(s) || s > 4 * best) { stop = RangeStop.DIVERGED; break; }
        }
        return new LrFindResult(Arrays.copyOf(lrs, n), Arrays.copyOf(raw, n), Arrays.copyOf(sm, n), sug, "valley",
                suggested, confidence, stop, "exp");
    }

    static double healthyLoss(double lr) {
        double x = Math.log10(lr);
        double fall = 1.8 / (1 + Math.exp(-(x + 4) * 2));
        double blow = x > -1 ? Math.exp((x + 1) * 4) - 1 : 0;
        return 2.3 - fall + blow;
    }

    static LinkedHashMap<String, Double> sug(double valley, double steep, double min10, double slide) {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("valley", valley); m.put("steep", steep); m.put("minimum/10", min10); m.put("slide", slide);
        return m;
    }

    static LrFindResult healthy(long seed) {
        return curve(1e-7, 10, 100, LrFindRulesTest::healthyLoss, seed, sug(1e-3, 6e-4, 2e-3, 1.5e-3), 1e-3, 4);
    }

    @Test
    void healthyCurvesRaiseNothing() {
        for (long seed = 1; seed <= 6; seed++) {
            LrFindResult r = healthy(seed);
            List<Finding> f = Doctor.standard().diagnose(r);
            assertTrue(f.isEmpty(), f::toString);
            String line = Doctor.summaryLine(r, f);
            assertTrue(line.startsWith("healthy range test: loss 2."), line);
            assertTrue(line.contains("suggests lr=1e-3 (valley, 4 of 4 rules agree)"), line);
        }
    }

    @Test
    void divergedImmediately() {
        LrFindResult r = curve(1e-7, 10, 100, lr -> 2.3 + Math.pow(lr / 1e-7, 0.6), 1, new LinkedHashMap<>(),
                Double.NaN, 0);
        assertEquals(RangeStop.DIVERGED, r.stopReason());
        List<Finding> f = Doctor.standard().diagnose(r);
        assertEquals(1, f.size(), f::toString);
        assertEquals(LrFindDivergedRule.ID, f.get(0).rule());
        assertEquals(Severity.PROBLEM, f.get(0).severity());
        assertTrue(f.get(0).remedy().startsWith("start=1e-9"), f.get(0).remedy());
    }

    @Test
    void nanFromTheFirstStepPointsAtTheData() {
        LrFindResult r = new LrFindResult(new double[]{1e-7, 2e-7}, new double[]{Double.NaN, Double.NaN},
                new double[]{Double.NaN, Double.NaN}, new LinkedHashMap<>(), "valley", Double.NaN, 0, RangeStop.DIVERGED, "exp");
        Finding f = new LrFindDivergedRule().check(r).get(0);
        assertEquals(Severity.PROBLEM, f.severity());
        assertTrue(f.remedy().contains("NaN/Inf"), f.remedy());
        assertTrue(new LrFindShortRule().check(r).isEmpty());
    }

    @Test
    void neverFellOverARampThatStopsEarly() {
        LrFindResult r = curve(1e-7, 1e-4, 100, lr -> 2.3, 2, sug(1e-5, 1e-5, 1e-5, 1e-5), 1e-5, 4);
        List<Finding> f = Doctor.standard().diagnose(r);
        assertEquals(1, f.size(), f::toString);
        assertEquals(LrFindNeverFellRule.ID, f.get(0).rule());
        assertEquals("end=10", f.get(0).remedy());
    }

    @Test
    void neverFellOverAFullRampAsksForEvidenceInsteadOfBlamingTheData() {
        LrFindResult r = curve(1e-7, 10, 100, lr -> lr > 0.5 ? 2.3 * Math.exp((lr - 0.5) * 5) : 2.3, 3,
                sug(1e-3, 1e-3, 1e-3, 1e-3), 1e-3, 4);
        Finding f = new LrFindNeverFellRule().check(r).get(0);
        assertTrue(f.remedy().contains("limit=1"), f.remedy());
        assertFalse(f.remedy().contains("label") || f.message().contains("label"), f.toString());
    }

    @Test
    void tooShort() {
        LrFindResult r = curve(1e-7, 10, 6, LrFindRulesTest::healthyLoss, 4, sug(1e-3, 1e-3, 1e-3, 1e-3), 1e-3, 4);
        Finding f = new LrFindShortRule().check(r).get(0);
        assertEquals("steps=100", f.remedy());
        assertTrue(f.message().contains("only 6 points"));
    }

    @Test
    void lowConfidenceListsEverySuggestion() {
        LrFindResult r = curve(1e-7, 10, 100, LrFindRulesTest::healthyLoss, 5, sug(1e-3, 1e-5, 3e-2, 2e-4), 1e-3, 1);
        List<Finding> f = new LrFindSuggestionRule().check(r);
        assertEquals(1, f.size(), f::toString);
        assertTrue(f.get(0).evidence().contains("steep 1e-5"), f.get(0).evidence());
        assertTrue(f.get(0).remedy().endsWith("%compare lr=1e-5,2e-4,1e-3,0.03"), f.get(0).remedy());
        assertTrue(f.get(0).step() > 0);
    }

    @Test
    void suggestionAtAnEdgeOfTheRamp() {
        LrFindResult low = curve(1e-4, 10, 100, LrFindRulesTest::healthyLoss, 6, sug(1.2e-4, 1.2e-4, 1.2e-4, 1.2e-4),
                1.2e-4, 4);
        Finding f = new LrFindSuggestionRule().check(low).get(0);
        assertEquals("start=1e-6", f.remedy());
        LrFindResult none = curve(1e-7, 10, 100, LrFindRulesTest::healthyLoss, 7, sug(1e-3, 1e-3, 1e-3, 1e-3),
                Double.NaN, 0);
        assertTrue(new LrFindSuggestionRule().check(none).get(0).message().contains("no learning rate"));
        assertEquals("steps=200", new LrFindSuggestionRule().check(none).get(0).remedy());
    }
}
