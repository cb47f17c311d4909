package trainbook.doctor;

import org.junit.jupiter.api.Test;
import trainbook.doctor.rules.MemoryPressureRule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.MemoryUse;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPressureRuleTest {
    private final MemoryPressureRule rule = new MemoryPressureRule();

    @Test
    void warnsNearTheLimitWithTheWaysOut() {
        RunRecord r = new RunRecord("big").memory(new MemoryUse(900, 1700, 2048, "cgroup v2 memory.max", true));
        List<Finding> f = rule.check(r);
        assertEquals(1, f.size());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertTrue(f.get(0).message().contains("83 %") && f.get(0).message().contains("%runs release"), f.get(0).message());
        assertTrue(f.get(0).evidence().contains("1700 MB of 2048 MB (cgroup v2 memory.max)"), f.get(0).evidence());
        assertTrue(Doctor.standardRules().stream().anyMatch(x -> x.id().equals(MemoryPressureRule.ID)));
    }

    @Test
    void silentWellBelowTheLimitOrWithoutFigures() {
        assertTrue(rule.check(new RunRecord("ok").memory(new MemoryUse(500, 900, 2048, "cgroup", true))).isEmpty());
        assertTrue(rule.check(new RunRecord("old")).isEmpty(), "records from before memory was measured");
        assertTrue(rule.check(new RunRecord("unknown").memory(new MemoryUse(-1, -1, 2048, "physical memory", false))).isEmpty());
    }
}
