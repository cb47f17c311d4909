package trainbook.engine.loop;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannedStepsTest {
    @Test
    void aRunTooLongToPlanIsRejectedWithAOneLineReason() {
        TrainSpec spec = new TrainSpec().data("blobs").model("linear").epochs(Integer.MAX_VALUE).batch(16);
        spec.live(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainbook.train(spec, List.of(), false));
        assertTrue(e.getMessage().contains("epochs=" + Integer.MAX_VALUE) && e.getMessage().contains("limit="),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
