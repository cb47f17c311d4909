package trainbook.doctor;

import org.junit.jupiter.api.Test;
import trainbook.doctor.rules.ValIsTestRule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code val=test}: one line saying the reported test score is optimistic; silent for every other val=. */
class ValIsTestRuleTest {
    @Test
    void valTestIsCalledOptimisticInOneLineWithTheRemedy() {
        RunRecord r = Records.healthy(3);
        r.spec().put("val", "test");
        r.metrics().put("test_acc", 0.8567);
        List<Finding> f = new ValIsTestRule().check(r);
        assertEquals(1, f.size());
        Finding x = f.get(0);
        assertEquals(Severity.WARNING, x.severity());
        assertEquals("Validation used the test split (val=test), so test_acc 0.8567 is optimistic: the best epoch and"
                + " early stopping were chosen on the same data.", x.message());
        assertEquals("val=split=0.1", x.remedy());
        assertTrue(Doctor.standard().diagnose(r).stream().anyMatch(y -> y.rule().equals(ValIsTestRule.ID)),
                "registered in the standard doctor");
    }

    @Test
    void silentForValidationFromTheTrainingData() {
        for (String v : List.of("default", "split=0.2", "none", "mnist", "<Table>")) {
            RunRecord r = Records.healthy(3);
            r.spec().put("val", v);
            r.metrics().put("test_acc", 0.9);
            assertEquals(List.of(), new ValIsTestRule().check(r), v);
        }
        RunRecord old = Records.healthy(3);
        old.spec().remove("val");
        assertEquals(List.of(), new ValIsTestRule().check(old), "records without the key");
    }
}
