package trainbook.engine.loop;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.ConstantInitializer;
import org.junit.jupiter.api.Test;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The training loop's behaviours, each without a training run. */
class LoopPartsTest {
    private static EpochRecord epoch(int n, double valLoss) {
        return new EpochRecord(n, 1.0, valLoss, Double.NaN, Double.NaN, 1e-3, 0.1, new LinkedHashMap<>());
    }

    @Test
    void theLossGuardStopsOnNonFiniteAndOnExplodingLosses() {
        LossGuard guard = new LossGuard(1e3);
        assertNull(guard.check(2.0), "the first loss sets the scale");
        assertNull(guard.check(1999.0));
        assertEquals(StopReason.DIVERGED, guard.check(2001.0));
        assertEquals(StopReason.NON_FINITE, new LossGuard(1e3).check(Double.NaN));
        assertEquals(StopReason.NON_FINITE, guard.check(Double.POSITIVE_INFINITY));
        LossGuard tiny = new LossGuard(1e3);
        assertNull(tiny.check(1e-9));
        assertNull(tiny.check(0.5), "a near-zero first loss counts as 1e-3");
        assertEquals(StopReason.DIVERGED, tiny.check(1.5));
    }

    @Test
    void theTimeBudgetRunsOutAfterMaxTime() {
        AtomicLong now = new AtomicLong(1_000);
        TimeBudget budget = new TimeBudget(2.0, 1_000, now::get);
        assertFalse(budget.exhausted());
        now.set(1_000 + 2_000_000_000L);
        assertFalse(budget.exhausted(), "exactly the budget is still within it");
        now.addAndGet(1);
        assertTrue(budget.exhausted());
        assertFalse(new TimeBudget(null, 0, () -> Long.MAX_VALUE).exhausted(), "no max_time, no budget");
    }

    @Test
    void theRecorderWritesTheHistoryIntoTheRecord() {
        RunRecord rec = new RunRecord("r");
        RunRecorder recorder = new RunRecorder(rec);
        recorder.onBatchEnd(new StepRecord(0, 1, 0, 1e-3, 0.9, 1.0, 1e-3, 5));
        recorder.onGradSample(new GradSample(0, new LinkedHashMap<>(), new LinkedHashMap<>()));
        recorder.onEpochEnd(epoch(1, 0.8));
        assertEquals(1, rec.steps().size());
        assertEquals(1, rec.gradSamples().size());
        assertEquals(1, rec.epochs().size());
        assertEquals(1, rec.bestEpoch());
    }

    @Test
    void bestWeightsStopAfterPatienceAndPutTheBestCopyBack() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = Linear.builder().setUnits(1).build();
            block.setInitializer(new ConstantInitializer(1f), ai.djl.nn.Parameter.Type.WEIGHT);
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 2));
            var weight = block.getParameters().get(0).getValue().getArray();
            try (BestWeights best = new BestWeights(new EarlyStopping("val_loss", 2, 0, 0), true,
                    block.getParameters(), manager::newSubManager)) {
                assertFalse(best.afterEpoch(epoch(1, 0.5)), "improved: copied");
                weight.subi(10); // training moves the weights on
                assertFalse(best.afterEpoch(epoch(2, 0.7)));
                assertTrue(best.afterEpoch(epoch(3, 0.6)), "two epochs without improvement");
                assertEquals(1, best.restore());
                assertEquals(1f, block.getParameters().get(0).getValue().getArray().getFloat(0, 0), 1e-6);
            }
            assertFalse(BestWeights.none().afterEpoch(epoch(1, 0.5)));
            assertEquals(-1, BestWeights.none().restore());
        }
    }
}
