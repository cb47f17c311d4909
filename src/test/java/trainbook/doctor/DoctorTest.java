package trainbook.doctor;

import org.junit.jupiter.api.Test;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DoctorTest {

    @Test
    void registryListsEveryRuleOnceWithADescription() {
        List<RuleInfo> reg = Doctor.registry();
        Set<String> ids = new HashSet<>();
        for (RuleInfo i : reg) {
            assertTrue(ids.add(i.id()), "duplicate " + i.id());
            assertTrue(i.id().matches("[a-z][a-z-]*"), i.id());
            assertFalse(i.description().isBlank());
            assertFalse(i.description().contains("\n"));
        }
        long runRules = reg.stream().filter(i -> i.scope().equals("run")).count();
        assertTrue(runRules >= 14, "rules: " + runRules);
        assertEquals(Doctor.standard().rules().size() + Doctor.standard().lrFindRules().size(), reg.size());
        for (String id : List.of("initial-loss", "not-falling", "divergence", "oscillation", "exploding-gradients",
                "vanishing-gradients", "dead-units", "update-ratio", "overfitting", "underfitting", "data-non-finite",
                "data-scale", "label-range", "class-imbalance", "shape-mismatch", "loss-mismatch", "schedule-warmup",
                "schedule-rising", "schedule-zero-early", "lr-vs-finder", "engine-note")) {
            assertEquals(id, Doctor.rule(id).id());
        }
    }

    @Test
    void helpListsEveryRuleOnItsOwnLine() {
        String h = Doctor.help();
        assertEquals(Doctor.registry().size() + 2, h.split("\n").length);
        assertTrue(h.contains("\n  overfitting — train loss falling while validation loss rises"), h);
        assertTrue(h.contains("\n  lrfind-never-fell — "), h);
    }

    @Test
    void unknownRuleIdQuotesItAndListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Doctor.rule("overfit"));
        assertTrue(e.getMessage().contains("'overfit'"));
        assertTrue(e.getMessage().contains("overfitting"));
    }

    /**
     * A record saved before notes had a kind (plain strings): loaded now, the doctor states the same engine notes as
     * the version that saved it did (its findings are saved beside the notes) and repeats none of the settings.
     */
    @Test
    void notesOfARecordSavedWithoutKindsGiveTheSameEngineFindings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("exploding").resolve(trainbook.engine.store.RunStore.RECORD);
        java.nio.file.Files.createDirectories(f.getParent());
        try (var in = DoctorTest.class.getResourceAsStream("/trainbook/store/notes-without-kinds/exploding.json")) {
            java.nio.file.Files.write(f, in.readAllBytes());
        }
        RunRecord old = new trainbook.engine.store.RunStore(dir).load("exploding");
        List<String> savedThen = old.findings().stream().filter(x -> x.rule().equals("engine-note")).map(Finding::message).toList();
        assertEquals(2, savedThen.size(), savedThen.toString());
        List<String> now = Doctor.standard().diagnose(old).stream().filter(x -> x.rule().equals("engine-note"))
                .map(Finding::message).toList();
        assertEquals(savedThen, now);
    }

    @Test
    void findingsAreRankedByLikelyPrimaryCause() {
        RunRecord r = Records.healthy(1);
        Records.losses(r, t -> t < 150 ? 2.0 : Double.NaN);          // divergence, problem at step 150
        Records.data(r, p -> p.nonFinite = 3);                       // data-non-finite, problem, no step
        r.deadUnits().put("01Linear", 0.7);                          // dead-units, warning
        r.note(RunNote.Kind.ENGINE, "mixed precision is unavailable on CPU");      // engine-note, info
        List<Finding> f = Doctor.standard().diagnose(r);
        // NaN inputs explain the NaN loss, which explains nothing about the inputs: the data finding leads
        assertEquals("data-non-finite", f.get(0).rule());
        assertEquals("divergence", f.get(1).rule());
        assertEquals("dead-units", f.get(2).rule());
        for (int i = 1; i < f.size(); i++) {
            if (f.get(i).severity() != Severity.INFO) {
                assertNotEquals(Severity.INFO, f.get(i - 1).severity(), f::toString);
                assertTrue(Doctor.causeRank(f.get(i - 1).rule()) <= Doctor.causeRank(f.get(i).rule()), f::toString);
            }
        }
        assertEquals(Severity.INFO, f.get(f.size() - 1).severity());
        assertFalse(Doctor.isHealthy(f));
        String line = Doctor.summaryLine(r, f);
        assertTrue(line.startsWith("2 problems, 1 warning: " + f.get(0).message()), line);
        assertEquals("data-non-finite", Doctor.primary(f).rule());
    }

    @Test
    void diagnoseIntoReplacesTheRecordsFindings() {
        RunRecord r = Records.healthy(2);
        r.note(RunNote.Kind.ENGINE, "note one");
        r.findings().add(new Finding(Severity.PROBLEM, "old", "stale", "", "", -1, -1));
        List<Finding> f = Doctor.standard().diagnoseInto(r);
        assertEquals(f, r.findings());
        assertEquals(1, r.findings().size());
        assertEquals("engine-note", r.findings().get(0).rule());
    }

    @Test
    void aRuleThatThrowsBecomesAnInfoFinding() {
        Rule broken = new Rule() {
            public String id() { return "broken"; }
            public String description() { return "throws"; }
            public List<Finding> check(RunRecord run) { throw new IllegalStateException("bug"); }
        };
        Doctor d = new Doctor(List.of(broken), List.of());
        List<Finding> f = d.diagnose(Records.healthy(3));
        assertEquals(1, f.size());
        assertEquals("doctor-error", f.get(0).rule());
        assertEquals(Severity.INFO, f.get(0).severity());
        assertTrue(f.get(0).evidence().contains("bug"));
    }

    @Test
    void nullRecordIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Doctor.standard().diagnose((RunRecord) null));
        assertTrue(e.getMessage().contains("RunRecord"));
    }

    @Test
    void reportIsTheSummaryLineThenOneLinePerFinding() {
        RunRecord r = Records.healthy(4);
        r.deadUnits().put("relu1", 0.8);
        r.note(RunNote.Kind.ENGINE, "mixed precision is not available on the PyTorch CPU engine; training runs in float32");
        List<Finding> f = Doctor.standard().diagnose(r);
        String[] lines = Doctor.report(r, f).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("1 warning: 80 % of the units in layer relu1 never fire"), lines[0]);
        assertTrue(lines[1].startsWith("  [warning] dead-units: "), lines[1]);
        assertTrue(lines[2].startsWith("  [info] engine-note: Mixed precision"), lines[2]);
        RunRecord h = Records.healthy(5);
        assertEquals(Doctor.healthyLine(h), Doctor.report(h, Doctor.standard().diagnose(h)));
    }

    @Test
    void formatShowsSeverityPointerEvidenceAndRemedy() {
        Finding f = new Finding(Severity.WARNING, "oscillation", "The loss oscillates.", "ratio 0.8", "lr=3e-4", 120, 4);
        assertEquals("[warning] oscillation (step 120, epoch 4): The loss oscillates. — ratio 0.8 → try: lr=3e-4",
                Doctor.format(f));
        Finding g = new Finding(Severity.INFO, "overfitting", "Caught.", "", "", -1, 3);
        assertEquals("[info] overfitting (epoch 3): Caught.", Doctor.format(g));
    }

    @Test
    void onePrescriptionOneLearningRate() {
        List<Finding> raw = List.of(
                new Finding(Severity.WARNING, "not-falling", "flat", "", "lr=3e-2 — run %lrfind first", 40, 1),
                new Finding(Severity.WARNING, "oscillation", "noisy", "", "lr=1e-3 batch=128", 10, 1),
                new Finding(Severity.PROBLEM, "dead-units", "dead", "", "act=leakyrelu lr=1e-3 norm=batchnorm", -1, -1),
                new Finding(Severity.PROBLEM, "divergence", "NaN", "", "lr=1e-2 clip=1", 80, 2),
                new Finding(Severity.INFO, "engine-note", "note", "", "", -1, -1));
        List<Finding> f = Doctor.prescribe(raw);
        assertEquals(List.of("divergence", "oscillation", "dead-units", "not-falling", "engine-note"),
                f.stream().map(Finding::rule).toList());
        assertEquals("lr=1e-2 clip=1", f.get(0).remedy());
        assertEquals("batch=128 (lr as for divergence above)", f.get(1).remedy());
        assertEquals("act=leakyrelu norm=batchnorm (lr as for divergence above)", f.get(2).remedy());
        assertEquals("(lr as for divergence above) — run %lrfind first", f.get(3).remedy());
        long lrs = f.stream().flatMap(x -> java.util.Arrays.stream(x.remedy().split("\\s+"))).filter(w -> w.startsWith("lr=")).count();
        assertEquals(1, lrs, f::toString);
        assertEquals("divergence", Doctor.primary(f).rule());
        // every rule of the standard doctor has a place in the cause order
        for (RuleInfo i : Doctor.registry()) {
            if (i.scope().equals("run")) assertTrue(Doctor.CAUSE_ORDER.contains(i.id()), i.id());
        }
    }
}
