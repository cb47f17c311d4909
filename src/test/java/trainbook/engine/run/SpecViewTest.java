package trainbook.engine.run;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The typed view reads back what TrainSpec.toMap writes. */
class SpecViewTest {
    private static SpecView view(TrainSpec spec) {
        return SpecView.of(new RunRecord("r").spec(spec.toMap()));
    }

    @Test
    void aFreshSpecReadsAsItsDefaults() {
        SpecView v = view(new TrainSpec());
        assertEquals("adam", v.opt());
        assertEquals(new TrainSpec().lr(), v.lr(), 1e-15);
        assertTrue(Double.isNaN(v.clip()), "clip off");
        assertNull(v.patience(), "early stopping off");
        assertTrue(Double.isNaN(v.maxTime()), "no time budget");
        assertTrue(v.restoreBest());
        assertEquals("auto", v.loss());
        assertEquals("default", v.val());
        assertEquals("", v.augment());
        assertEquals("", v.init());
    }

    @Test
    void setValuesReadBackTyped() {
        TrainSpec s = new TrainSpec().opt("SGD").lr(0.05);
        s.clip(1.0);
        s.patience(3);
        s.maxTime(90.0);
        s.restoreBest(false);
        s.warmupSteps(500);
        SpecView v = view(s);
        assertEquals("sgd", v.opt());
        assertEquals(0.05, v.lr(), 1e-15);
        assertEquals(1.0, v.clip());
        assertEquals(3, v.patience());
        assertEquals(90.0, v.maxTime());
        assertFalse(v.restoreBest());
        assertEquals(500, v.warmupSteps(10));
        s.warmupSteps(0);
        s.warmupEpochs(1.5);
        assertEquals(15, view(s).warmupSteps(10), "epochs of the given length");
        assertEquals(0, view(s).warmupSteps(0), "epochs of unknown length");
    }

    @Test
    void aRecordWithoutASpecReadsAsDefaults() {
        SpecView v = SpecView.of(new RunRecord("old").spec(Map.of()));
        assertEquals("mlp", v.model());
        assertEquals("val_loss", v.monitor());
        assertTrue(Double.isNaN(v.lr()));
    }
}
