package trainbook.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The false-alarm guard: healthy (and merely small or empty) records raise no warning or problem from any rule. */
class HealthyRecordsTest {

    static Stream<RunRecord> healthyRecords() {
        List<RunRecord> out = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) out.add(Records.healthy(seed));
        out.add(Records.healthy().classes(2).seed(11).build());
        out.add(Records.healthy().classes(3).noise(0.25).seed(12).build());
        out.add(Records.healthy().regression().seed(13).build());
        out.add(Records.healthy().steps(8, 3).seed(14).build());          // tiny: 24 steps
        out.add(Records.healthy().steps(400, 2).seed(15).build());        // long epochs
        out.add(Records.healthy().opt("sgd").lr(0.05).seed(16).build());
        out.add(Records.healthy().steps(2, 1).seed(17).build());          // 2 steps
        out.add(new RunRecord("empty"));                                   // nothing recorded yet
        RunRecord noData = Records.healthy(18);
        noData.data(null);
        out.add(noData);
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("healthyRecords")
    void everyRuleStaysQuietOnAHealthyRecord(RunRecord r) {
        for (Rule rule : Doctor.standard().rules()) {
            List<Finding> f = rule.check(r);
            for (Finding x : f) {
                assertEquals(Severity.INFO, x.severity(), () -> rule.id() + " false alarm on " + r + ": " + Doctor.format(x));
                assertEquals(rule.id(), x.rule());
            }
        }
        List<Finding> all = Doctor.standard().diagnose(r);
        assertTrue(Doctor.isHealthy(all), () -> all.toString());
        assertTrue(all.stream().noneMatch(f -> f.rule().equals("doctor-error")), () -> all.toString());
    }

    @Test
    void healthyLineCarriesTheNumbers() {
        RunRecord r = Records.healthy(3);
        List<Finding> f = Doctor.standard().diagnose(r);
        String line = Doctor.summaryLine(r, f);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^healthy: loss ([0-9.]+) → ([0-9.]+)").matcher(line);
        assertTrue(m.find(), line);
        assertEquals(Math.log(10), Double.parseDouble(m.group(1)), 0.3, line);
        assertEquals(r.epochs().get(4).trainLoss(), Double.parseDouble(m.group(2)), 1e-3, line);
        assertTrue(line.contains("over 200 steps"), line);
        assertTrue(line.contains("best val_loss"), line);
        assertTrue(line.contains("checks found nothing to fix"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void healthyLineOfAnEmptyRecordIsStillOneLine() {
        assertEquals("healthy; " + Doctor.standard().rules().size() + " checks found nothing to fix",
                Doctor.healthyLine(new RunRecord("x")));
    }
}
