package trainbook.engine.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** TPE's split and densities on histories small enough to check by hand. */
class TpeTest {
    static Trial complete(int n, double x, double value) {
        return new Trial(n, Map.of("x", x)).state(TrialState.COMPLETE).value(value);
    }

    @Test
    void gammaAndWeightsAreOptunasDefaults() {
        assertEquals(1, TpeSampler.defaultGamma(6));
        assertEquals(2, TpeSampler.defaultGamma(11));
        assertEquals(25, TpeSampler.defaultGamma(1000));
        assertArrayEquals(new double[]{1, 1, 1}, TpeSampler.defaultWeights(3));
        double[] w = TpeSampler.defaultWeights(30); // ramp over the 5 oldest: linspace(1/30, 1, 5)
        assertEquals(1.0 / 30, w[0], 1e-12);
        assertEquals(1.0 / 30 + (1 - 1.0 / 30) / 4, w[1], 1e-12);
        assertEquals(1.0, w[4], 1e-12);
        assertEquals(1.0, w[29], 1e-12);
    }

    @Test
    void splitPutsTheBestCompleteTrialsBelowAndPrunedOnesAfterEveryCompleteOne() {
        List<Trial> h = new ArrayList<>();
        double[] values = {5, 1, 3, 2, 4, 6, 7, 8, 9, 10};
        for (int i = 0; i < values.length; i++) h.add(complete(i + 1, i / 10.0, values[i]));
        Trial pruned = new Trial(11, Map.of("x", 0.95)).state(TrialState.PRUNED);
        pruned.intermediate().put(2, 0.1); // a better number than any, but it stopped at step 2
        h.add(pruned);
        h.add(new Trial(12, Map.of("x", 0.5))); // running: ignored
        TpeSampler tpe = new TpeSampler();
        TpeSampler.Split s = tpe.split(h, 1);
        // n = 11 finished → γ = ⌈1.1⌉ = 2: the values 1 and 2 (trials 2 and 4), chronological
        assertEquals(List.of(2, 4), s.below().stream().map(Trial::number).toList());
        assertEquals(9, s.above().size());
        assertTrue(s.above().contains(pruned));
        // maximising turns the order round: 10 and 9
        assertEquals(List.of(9, 10), tpe.split(h, -1).below().stream().map(Trial::number).toList());
    }

    @Test
    void univariateEstimatorMatchesAHandComputation() {
        Param x = new Param.FloatRange(0, 1, false);
        ParzenEstimator pe = new ParzenEstimator(List.of(x), new double[][]{{0.2, 0.6}}, new double[]{1, 1}, 1.0, true, false, false);
        assertEquals(3, pe.components());
        for (int i = 0; i < 3; i++) assertEquals(1.0 / 3, pe.weight(i), 1e-12);
        // mus 0.2, 0.6 and the prior 0.5; neighbour gaps give 0.3 and 0.1 (outermost use their inner gap),
        // clipped below at range/min(100, 1+3) = 0.25; the prior is as wide as the range
        assertEquals(0.5, pe.mu(0, 2), 1e-12);
        assertEquals(0.3, pe.sigma(0, 0), 1e-12);
        assertEquals(0.25, pe.sigma(0, 1), 1e-12);
        assertEquals(1.0, pe.sigma(0, 2), 1e-12);
        // density at 0.2: mean of the three truncated normals
        double expect = 0;
        double[][] comps = {{0.2, 0.3}, {0.6, 0.25}, {0.5, 1.0}};
        for (double[] c : comps) {
            double mass = Gauss.cdf((1 - c[0]) / c[1]) - Gauss.cdf((0 - c[0]) / c[1]);
            expect += Math.exp(Gauss.logPdf((0.2 - c[0]) / c[1])) / c[1] / mass / 3;
        }
        assertEquals(Math.log(expect), pe.logPdf(new double[][]{{0.2}})[0], 1e-6);
    }

    @Test
    void theDefaultScaleFreeDensityMatchesOptuna31() {
        // Optuna 3.1's _ParzenEstimator.log_pdf on these three observations of a [-5, 10] range (prior weight 1,
        // magic clip, no endpoints), printed by Optuna itself: its components leave out 1/σ
        Param x = new Param.FloatRange(-5, 10, false);
        ParzenEstimator pe = new ParzenEstimator(List.of(x), new double[][]{{-2.8497006888643037, 9.825607570888392,
                1.9946615928445945}}, new double[]{1, 1, 1}, 1.0, true, false, false, true);
        double[] optuna = {-0.7555608, -0.56169689, -0.54445023, -0.58794892, -0.66237034, -0.7512821};
        double[] ours = pe.logPdf(new double[][]{{-4, 0, 2, 5, 7.5, 9.8}});
        for (int i = 0; i < optuna.length; i++) assertEquals(optuna[i], ours[i], 1e-6, "point " + i);
    }

    @Test
    void integerAndChoiceDensitiesAreProbabilities() {
        Param n = new Param.IntRange(1, 4, false);
        ParzenEstimator pe = new ParzenEstimator(List.of(n), new double[][]{{2}}, new double[]{1}, 1.0, true, false, false);
        double total = 0;
        for (int v = 1; v <= 4; v++) total += Math.exp(pe.logPdf(new double[][]{{v}})[0]);
        assertEquals(1.0, total, 1e-6);
        Param c = new Param.Choice(List.of("a", "b", "c"));
        ParzenEstimator pc = new ParzenEstimator(List.of(c), new double[][]{{1, 1}}, new double[]{1, 1}, 1.0, true, false, false);
        // each observed component: 1 + 1/3 on b and 1/3 on a and c, normalised over 2; the prior: 1/3 each
        assertEquals(2.0 / 3, pc.choiceWeight(0, 0, 1), 1e-12);
        assertEquals(1.0 / 6, pc.choiceWeight(0, 0, 0), 1e-12);
        double pb = (2.0 / 3 + 2.0 / 3 + 1.0 / 3) / 3;
        assertEquals(Math.log(pb), pc.logPdf(new double[][]{{1}})[0], 1e-9);
    }

    @Test
    void multivariateBandwidthFollowsScottsRule() {
        Param x = new Param.FloatRange(0, 2, false), y = new Param.FloatRange(0, 1, false);
        double[][] obs = new double[2][10];
        for (int i = 0; i < 10; i++) {
            obs[0][i] = i / 5.0;
            obs[1][i] = i / 10.0;
        }
        double[] w = new double[10];
        java.util.Arrays.fill(w, 1);
        ParzenEstimator pe = new ParzenEstimator(List.of(x, y), obs, w, 1.0, true, false, true);
        double s0 = 0.2 * Math.pow(10, -1.0 / 6); // above the magic clip, range/min(100, 1+11)
        assertEquals(s0 * 2, pe.sigma(0, 0), 1e-12);
        assertEquals(s0, pe.sigma(1, 9), 1e-12);
        assertEquals(1.0, pe.sigma(1, 10), 1e-12, "the prior keeps the range's width");
        // with two observations the clip binds: range/min(100, 1+3)
        ParzenEstimator few = new ParzenEstimator(List.of(x, y), new double[][]{{0.5, 1.5}, {0.1, 0.9}},
                new double[]{1, 1}, 1.0, true, false, true);
        assertEquals(0.5, few.sigma(0, 0), 1e-12);
    }

    @Test
    void afterStartupTpeSamplesNearTheGoodTrials() {
        SearchSpace space = SearchSpace.of().floatRange("x", 0, 1);
        List<Trial> h = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double x = i / 19.0;
            h.add(complete(i + 1, x, Math.abs(x - 0.8)));
        }
        TpeSampler tpe = new TpeSampler();
        double mean = 0;
        for (int k = 0; k < 20; k++) {
            mean += (Double) tpe.sample(space, h, 21, Direction.MINIMIZE, Study.trialRandom(1, k)).get("x") / 20;
        }
        assertEquals(0.8, mean, 0.1);
        // fewer finished trials than the startup count: uniform draws
        double m2 = 0;
        for (int k = 0; k < 200; k++) m2 += (Double) tpe.sample(space, h.subList(0, 5), 6, Direction.MINIMIZE, Study.trialRandom(1, k)).get("x") / 200;
        assertEquals(0.5, m2, 0.08);
    }

    @Test
    void gaussHelpers() {
        assertEquals(0.5, Gauss.cdf(0), 1e-7);
        assertEquals(0.975, Gauss.cdf(1.959964), 1e-6);
        assertEquals(1.959964, Gauss.quantile(0.975), 1e-5);
        assertTrue(Double.isFinite(Gauss.logMass(40, 41)), "far tails stay finite");
        assertEquals(Math.log(Gauss.cdf(1) - Gauss.cdf(-1)), Gauss.logMass(-1, 1), 1e-7);
    }
}
