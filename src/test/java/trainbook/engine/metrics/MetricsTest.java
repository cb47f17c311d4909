package trainbook.engine.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Every metric against values computed by hand on tiny fixed prediction sets. */
class MetricsTest {
    /*
     * labels    0 0 0 1 1 2 2 2
     * predicted 0 0 0 0 2 2 2 1
     * confusion [true][pred] = [[3,0,0],[1,0,1],[0,1,2]]
     * class 0: P 3/4, R 3/3, F1 6/7;  class 1: P 0/1, R 0/2, F1 0;  class 2: P 2/3, R 2/3, F1 2/3
     */
    static final long[] LABELS = {0, 0, 0, 1, 1, 2, 2, 2};
    static final long[] PREDICTED = {0, 0, 0, 0, 2, 2, 2, 1};

    static MetricAccumulator classes(int k) {
        MetricAccumulator a = new MetricAccumulator(true, k, Metrics.CLASSIFICATION);
        a.addClasses(LABELS, PREDICTED);
        return a;
    }

    @Test
    void classificationMetricsMatchHandComputedValues() {
        MetricAccumulator a = classes(3);
        assertArrayEquals(new long[][]{{3, 0, 0}, {1, 0, 1}, {0, 1, 2}}, a.confusion());
        assertEquals(5 / 8.0, a.value("acc"), 1e-15);
        assertEquals((3 / 4.0 + 0 + 2 / 3.0) / 3, a.value("precision"), 1e-15); // 17/36
        assertEquals((1 + 0 + 2 / 3.0) / 3, a.value("recall"), 1e-15);          // 5/9
        assertEquals((6 / 7.0 + 0 + 2 / 3.0) / 3, a.value("f1"), 1e-15);        // 32/63
        assertEquals(List.of("acc", "top5", "f1", "precision", "recall"), List.copyOf(a.values().keySet()));
    }

    @Test
    void aClassThatNeitherOccursNorIsPredictedIsLeftOutOfTheMacroAverage() {
        MetricAccumulator four = classes(4);
        MetricAccumulator three = classes(3);
        for (String m : List.of("precision", "recall", "f1")) assertEquals(three.value(m), four.value(m), 1e-15, m);
        // a wider prediction (more outputs than classes) widens the matrix instead of failing
        MetricAccumulator grown = new MetricAccumulator(true, 2, List.of("acc"));
        grown.addClasses(new long[]{0, 1}, new long[]{4, 1});
        assertEquals(0.5, grown.value("acc"), 1e-15);
        assertEquals(5, grown.confusion().length);
    }

    @Test
    void topFiveCountsTheTrueClassAmongTheFiveHighestScoresWithTiesAsHits() {
        float[] ranked = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f};
        MetricAccumulator a = new MetricAccumulator(true, 7, List.of("acc", "top5"));
        a.addScores(new float[][]{ranked, ranked, {1, 1, 1, 1, 1, 1, 1}}, new long[]{5, 4, 6});
        // label 5 is sixth (miss), label 4 fifth (hit), the all-equal row ties (hit); argmax picks class 0
        assertEquals(2 / 3.0, a.value("top5"), 1e-15);
        assertEquals(0, a.value("acc"), 0);
    }

    @Test
    void regressionMetricsMatchHandComputedValues() {
        // errors y − ŷ = −0.5, 0, 1, −1: Σ|e| 2.5, Σe² 2.25; mean y 2.5, SST 5
        MetricAccumulator a = new MetricAccumulator(false, 0, Metrics.REGRESSION);
        a.addPredictions(new float[]{1.5f, 2, 2}, new float[]{1, 2, 3});
        a.addPredictions(new float[]{5}, new float[]{4});
        assertEquals(0.625, a.value("mae"), 1e-15);
        assertEquals(0.75, a.value("rmse"), 1e-15);
        assertEquals(1 - 2.25 / 5, a.value("r2"), 1e-15);
        assertTrue(Double.isNaN(a.value("acc")));
        MetricAccumulator constant = new MetricAccumulator(false, 0, List.of("r2"));
        constant.addPredictions(new float[]{1, 2}, new float[]{3, 3});
        assertTrue(Double.isNaN(constant.value("r2")), "R² of constant targets is undefined");
        assertTrue(Double.isNaN(new MetricAccumulator(false, 0, List.of("mae")).value("mae")), "no samples");
    }

    @Test
    void namesDirectionsAndDefaults() {
        assertEquals(List.of("acc"), Metrics.defaults(true));
        assertEquals(List.of("mae", "r2"), Metrics.defaults(false));
        for (String up : List.of("acc", "val_top5", "val_f1", "precision", "recall", "val_r2")) assertTrue(Metrics.higherIsBetter(up), up);
        for (String down : List.of("val_loss", "train_loss", "val_mae", "rmse")) assertFalse(Metrics.higherIsBetter(down), down);
        assertEquals("f1", Metrics.plain("val_f1"));
        assertTrue(Metrics.monitors().containsAll(List.of("val_loss", "val_acc", "train_loss", "train_acc", "val_f1", "val_rmse")));
        assertFalse(Metrics.monitors().contains("test_acc"), "nothing monitors the test set");
    }

    @Test
    void unknownOrMisfittingNamesGiveOneLineQuotingTheToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.parse("acc,f2"));
        assertEquals("metrics 'f2': unknown metric; valid: classification acc, top5, f1, precision, recall;"
                + " regression mae, rmse, r2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.resolve(List.of("f1"), "val_loss", false));
        assertEquals("metrics 'f1' does not fit this regression task; valid for regression: mae, rmse, r2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metrics.resolve(List.of(), "val_rmse", true));
        assertTrue(e.getMessage().startsWith("monitor 'val_rmse' does not fit this classification task; valid for"
                + " classification: val_loss, train_loss, val_acc"), e.getMessage());
        // the monitored metric is computed even when metrics= leaves it out; defaults by task
        assertEquals(List.of("acc", "f1"), Metrics.resolve(List.of(), "val_f1", true));
        assertEquals(List.of("mae", "r2"), Metrics.resolve(List.of(), "val_loss", false));
        assertEquals(List.of("rmse"), Metrics.resolve(List.of("rmse"), "train_loss", false));
    }
}
