package trainbook.engine.loop;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;

import static org.junit.jupiter.api.Assertions.*;

class SpecChecksTest {
    @Test
    void aDefaultSpecPasses() {
        assertDoesNotThrow(() -> SpecChecks.validate(new TrainSpec()));
    }

    @Test
    void aBadNumberIsQuotedWithWhatIsValid() {
        TrainSpec s = new TrainSpec();
        s.epochs(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecChecks.validate(s));
        assertEquals("epochs '0': expected a whole number ≥ 1", e.getMessage());
    }

    @Test
    void aNewHeadNeedsAWarmStart() {
        TrainSpec s = new TrainSpec();
        s.head("new");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecChecks.validate(s));
        assertTrue(e.getMessage().contains("add init=run:NAME"), e.getMessage());
        s.init("run:base");
        assertDoesNotThrow(() -> SpecChecks.validate(s));
    }
}
