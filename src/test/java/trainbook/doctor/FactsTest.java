package trainbook.doctor;

import org.junit.jupiter.api.Test;
import trainbook.doctor.rules.Facts;
import trainbook.doctor.rules.Stats;
import trainbook.engine.run.RunRecord;

import static org.junit.jupiter.api.Assertions.*;

class FactsTest {

    @Test
    void statsOnSmallArrays() {
        double[] v = {1, 2, 3, 4, 100};
        assertEquals(3, Stats.median(v), 1e-12);
        assertEquals(22, Stats.mean(v), 1e-12);
        assertEquals(4 + 0.6 * 96, Stats.percentile(v, 90), 1e-9);
        assertEquals(1.4826, Stats.robustStd(v), 1e-9);   // MAD of {2,1,0,1,97} is 1
        assertArrayEquals(new double[]{1.5, 2, 3, 35.666666666666664, 52}, Stats.movingAverage(v, 1), 1e-9);
        assertArrayEquals(new double[]{1, 1.5, 2, 3, 4}, Stats.rollingMedian(v, 3), 1e-12);
        assertTrue(Double.isNaN(Stats.median(new double[0])));
        assertEquals(0, Stats.std(new double[]{5}));
    }

    @Test
    void niceRoundsToValuesAPersonWouldType() {
        assertEquals(3e-4, Facts.nice(3.33e-4), 1e-15);
        assertEquals(1e-2, Facts.nice(0.0125), 1e-15);
        assertEquals(5e-3, Facts.nice(0.0042), 1e-15);
        assertEquals(2, Facts.nice(1.9), 1e-15);
        assertEquals(1.2, Facts.round2(1.2345), 1e-15);
    }

    @Test
    void lossKindAndRandomGuessFollowTheSpecThenTheTask() {
        RunRecord c = Records.healthy(1);
        assertEquals("ce", Facts.lossKind(c));
        assertEquals(Math.log(10), Facts.randomGuessLoss(c), 1e-12);
        c.spec().put("loss", "bce");
        assertEquals(Math.log(2), Facts.randomGuessLoss(c), 1e-12);
        RunRecord g = Records.healthy().regression().build();
        assertEquals("mse", Facts.lossKind(g));
        assertEquals(4.0, Facts.randomGuessLoss(g), 1e-12);
        g.spec().put("loss", "huber");
        assertTrue(Double.isNaN(Facts.randomGuessLoss(g)));
        assertEquals("unknown", Facts.lossKind(new RunRecord("x")));
    }

    @Test
    void lrHintPrefersTheMeasuredUpdateRatio() {
        RunRecord r = Records.healthy(2);
        assertEquals(Facts.LrHint.UNKNOWN, Facts.lrHint(r));
        Records.updateRatios(r, t -> 0.3);
        assertEquals(Facts.LrHint.TOO_HIGH, Facts.lrHint(r));
        RunRecord s = Records.healthy().opt("sgd").lr(1e-5).build();
        assertEquals(Facts.LrHint.TOO_LOW, Facts.lrHint(s));
    }

    @Test
    void epochOfStepUsesTheStepsOrStepsPerEpoch() {
        RunRecord r = Records.healthy(3);
        assertEquals(1, Facts.epochOfStep(r, 0));
        assertEquals(2, Facts.epochOfStep(r, 40));
        assertEquals(6, Facts.epochOfStep(r, 200));   // past the recorded steps: from steps per epoch
        assertEquals(-1, Facts.epochOfStep(r, -1));
    }
}
