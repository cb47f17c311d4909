package trainbook.engine.loop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static trainbook.engine.loop.EarlyStopping.Decision.*;

class EarlyStoppingTest {
    @Test
    void lossIsMinimisedAndPatienceCountsEpochsWithoutImprovement() {
        EarlyStopping es = new EarlyStopping("val_loss", 2, 0, 0);
        assertFalse(es.maximize());
        assertEquals(IMPROVED, es.update(1, 1.0));
        assertEquals(IMPROVED, es.update(2, 0.8));
        assertEquals(CONTINUE, es.update(3, 0.9));
        assertEquals(IMPROVED, es.update(4, 0.7));
        assertEquals(CONTINUE, es.update(5, 0.7));
        assertEquals(STOP, es.update(6, 0.75));
        assertEquals(4, es.bestEpoch());
        assertEquals(0.7, es.best(), 0);
    }

    @Test
    void accuracyIsMaximisedWithMinDelta() {
        EarlyStopping es = new EarlyStopping("val_acc", 1, 0.01, 0);
        assertTrue(es.maximize());
        assertEquals(IMPROVED, es.update(1, 0.80));
        assertEquals(STOP, es.update(2, 0.805), "an improvement below min_delta does not count");
        assertEquals(1, es.bestEpoch());
    }

    @Test
    void startFromEpochIgnoresWarmupEpochs() {
        EarlyStopping es = new EarlyStopping("train_loss", 1, 0, 2);
        assertEquals(IGNORED, es.update(1, 5));
        assertEquals(IGNORED, es.update(2, 0.1));
        assertEquals(IMPROVED, es.update(3, 4));
        assertEquals(STOP, es.update(4, 4.5));
        assertEquals(3, es.bestEpoch());
    }

    @Test
    void nonFiniteNeverImproves() {
        EarlyStopping es = new EarlyStopping("val_loss", 2, 0, 0);
        assertEquals(CONTINUE, es.update(1, Double.NaN));
        assertEquals(0, es.bestEpoch());
        assertEquals(IMPROVED, es.update(2, 3));
        assertEquals(CONTINUE, es.update(3, Double.POSITIVE_INFINITY));
    }

    @Test
    void badArgumentsAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("loss", 2, 0, 0));
        assertTrue(e.getMessage().contains("'loss'") && e.getMessage().contains("val_loss"));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", 1, -1, 0));
    }

    @Test
    void everyValidationMetricCanBeMonitoredInItsDirection() {
        EarlyStopping f1 = new EarlyStopping("val_f1", 1, 0, 0);
        assertTrue(f1.maximize());
        assertEquals(EarlyStopping.Decision.IMPROVED, f1.update(1, 0.5));
        assertEquals(EarlyStopping.Decision.IMPROVED, f1.update(2, 0.6));
        assertEquals(EarlyStopping.Decision.STOP, f1.update(3, 0.55));
        assertEquals(2, f1.bestEpoch());
        EarlyStopping rmse = new EarlyStopping("val_rmse", 2, 0, 0);
        assertFalse(rmse.maximize());
        assertEquals(EarlyStopping.Decision.IMPROVED, rmse.update(1, 2.0));
        assertEquals(EarlyStopping.Decision.IMPROVED, rmse.update(2, 1.5));
        assertTrue(new EarlyStopping("val_r2", 1, 0, 0).maximize());
        assertTrue(new EarlyStopping("train_acc", 1, 0, 0).maximize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("test_acc", 1, 0, 0));
        assertTrue(e.getMessage().startsWith("monitor 'test_acc': valid: val_loss, train_loss, train_acc, val_acc"), e.getMessage());
    }
}
