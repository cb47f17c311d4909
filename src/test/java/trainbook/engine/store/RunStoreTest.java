package trainbook.engine.store;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.TrainSpec;
import trainbook.engine.model.Models;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.Severity;
import trainbook.engine.run.Stamp;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RunStoreTest {
    @TempDir
    Path dir;

    static RunRecord sample(String name) {
        RunRecord r = new RunRecord(name);
        r.spec(new TrainSpec().toMap());
        r.stamp(new Stamp(42, "0.35.1", "2.7.1", "cpu()", 2, "17", "Linux amd64", "0.1.0", "2026-01-01T00:00:00Z"));
        r.data(new DataProfile("blobs", "classification", 3, new long[]{2}, 90, 10, -3, 3, 0, 1, 0, 0, 2,
                new long[]{30, 30, 30}, 1, 0.66, true, false));
        r.steps().add(new StepRecord(0, 1, 0, 1e-3, 1.1, 2.5, 1e-3, 4.2));
        r.steps().add(new StepRecord(1, 1, 1, 1e-3, 0.9, Double.NaN, Double.NaN, 3.9));
        r.epochs().add(new EpochRecord(1, 1.0, 0.95, 0.5, Double.NaN, 1e-3, 0.2));
        r.gradSamples().add(new GradSample(0, Map.of("w", 1.0), Map.of("w", 1e-3)));
        r.deadUnits().put("relu1", 0.25);
        r.schedule(new double[]{1e-3, 1e-3});
        r.stepsPerEpoch(2).warmupSteps(0).status(RunStatus.FINISHED).stopReason(StopReason.PATIENCE).bestEpoch(1)
                .seconds(1.5);
        r.metrics().put("val_loss", 0.95);
        r.note(RunNote.Kind.SETTING, "schedule: constant 1e-3");
        r.note(RunNote.Kind.ENGINE, "a note");
        r.findings().add(new Finding(Severity.WARNING, "rule", "message", "", "lr=1e-4", 1, -1));
        return r;
    }

    @Test
    void epochMetricsRoundTripAndRecordsSavedBeforeThemStillLoad() throws Exception {
        RunStore store = new RunStore(dir);
        RunRecord r = sample("with_metrics");
        r.epochs().add(new EpochRecord(2, 0.9, 0.9, 0.6, 0.6, 1e-3, 0.2, Map.of("val_f1", 0.55, "val_top5", 0.9)));
        store.save(r, null);
        RunRecord back = store.load("with_metrics");
        assertEquals(0.55, back.epochs().get(1).metric("val_f1"));
        assertEquals(r.epochs(), back.epochs());
        // a record written before epochs carried metrics: no "metrics" member in its epochs
        Path f = dir.resolve("with_metrics").resolve(RunStore.RECORD);
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        for (var e : json.getAsJsonArray("epochs")) e.getAsJsonObject().remove("metrics");
        Files.writeString(f, json.toString());
        RunRecord old = store.load("with_metrics");
        assertTrue(old.epochs().get(1).metrics().isEmpty());
        assertTrue(Double.isNaN(old.epochs().get(1).metric("val_f1")));
        assertEquals(0.6, old.epochs().get(1).metric("val_acc"));
    }

    /** Copies a run.json saved before notes had a kind (plain strings) into the store as run {@code name}. */
    static void putRecordWithoutNoteKinds(Path dir, String fixture, String name) throws Exception {
        Path to = dir.resolve(name).resolve(RunStore.RECORD);
        Files.createDirectories(to.getParent());
        try (var in = RunStoreTest.class.getResourceAsStream("/trainbook/store/notes-without-kinds/" + fixture + ".json")) {
            Files.write(to, in.readAllBytes());
        }
    }

    @Test
    void notesSavedAsPlainStringsLoadWithTheirKinds() throws Exception {
        putRecordWithoutNoteKinds(dir, "exploding", "exploding");
        RunRecord old = new RunStore(dir).load("exploding");
        assertEquals(List.of(RunNote.Kind.SETTING, RunNote.Kind.SETTING, RunNote.Kind.SETTING, RunNote.Kind.ENGINE,
                RunNote.Kind.SETTING, RunNote.Kind.ENGINE), old.notes().stream().map(RunNote::kind).toList());
        assertEquals("the model's weights are those of the last step before the loss diverged", old.notes().get(5).text());
        // saved again, the notes carry their kinds and read back equal
        new RunStore(dir).save(old, null);
        assertTrue(Files.readString(dir.resolve("exploding").resolve(RunStore.RECORD)).contains("\"kind\": \"SETTING\""));
        assertEquals(old.notes(), new RunStore(dir).load("exploding").notes());
    }

    @Test
    void anOlderFailedRunWithAShapeErrorGetsItsShapeNote() throws Exception {
        putRecordWithoutNoteKinds(dir, "too_narrow", "narrow");
        Path f = dir.resolve("narrow").resolve(RunStore.RECORD);
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(f)).getAsJsonObject();
        assertTrue(json.get("notes").getAsJsonArray().get(0).isJsonPrimitive(), "the fixture holds plain strings");
        RunStore store = new RunStore(dir);
        assertTrue(store.load("narrow").notes().stream().noneMatch(n -> n.kind() == RunNote.Kind.SHAPE_MISMATCH),
                "an index error is no shape disagreement");
        json.addProperty("error", "mat1 and mat2 shapes cannot be multiplied (32x784 and 2x64)");
        Files.writeString(f, json.toString());
        RunRecord old = store.load("narrow");
        assertEquals(1, old.notes().stream().filter(n -> n.kind() == RunNote.Kind.SHAPE_MISMATCH).count());
        assertEquals(old.notes(), store.load("narrow").notes(), "loading twice adds no second shape note");
    }

    @Test
    void aNoteOfAnUnknownKindIsRefusedWithTheValidKinds() throws Exception {
        RunStore store = new RunStore(dir);
        store.save(sample("odd"), null);
        Path f = dir.resolve("odd").resolve(RunStore.RECORD);
        Files.writeString(f, Files.readString(f).replace("\"kind\": \"ENGINE\"", "\"kind\": \"GOSSIP\""));
        Exception e = assertThrows(RuntimeException.class, () -> store.load("odd"));
        assertTrue(e.getMessage().contains("note kind 'GOSSIP'") && e.getMessage().contains("SETTING"), e.getMessage());
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        RunStore store = new RunStore(dir);
        RunRecord r = sample("baseline");
        store.save(r, null);
        RunRecord back = store.load("baseline");
        assertEquals("baseline", back.name());
        assertEquals(r.spec(), back.spec());
        assertEquals(r.stamp(), back.stamp());
        assertEquals(r.steps(), back.steps());
        assertTrue(Double.isNaN(back.steps().get(1).gradNorm()));
        assertEquals(r.epochs(), back.epochs());
        assertEquals(r.gradSamples(), back.gradSamples());
        assertArrayEquals(r.data().classCounts(), back.data().classCounts());
        assertEquals(r.data().inputStd(), back.data().inputStd());
        assertEquals(StopReason.PATIENCE, back.stopReason());
        assertEquals(RunStatus.FINISHED, back.status());
        assertEquals(r.deadUnits(), back.deadUnits());
        assertArrayEquals(r.schedule(), back.schedule());
        assertEquals(r.metrics(), back.metrics());
        assertEquals(r.notes(), back.notes());
        assertEquals(r.findings(), back.findings());
        assertTrue(Double.isNaN(back.lrFinderSuggestion()));
        List<String> csv = Files.readAllLines(dir.resolve("baseline").resolve("steps.csv"));
        assertEquals("step,epoch,batch,lr,loss,grad_norm,update_ratio,millis", csv.get(0));
        assertEquals(3, csv.size());
        assertEquals(2, Files.readAllLines(dir.resolve("baseline").resolve("epochs.csv")).size());
        try (var files = Files.list(dir.resolve("baseline"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void corruptRecordsAreSkippedWithAWarningNamingThem() throws Exception {
        RunStore store = new RunStore(dir);
        store.save(sample("good"), null);
        store.save(sample("bad"), null);
        Files.writeString(dir.resolve("bad").resolve("run.json"), "{\"name\": \"bad\", \"steps\": [ {\"step\":");
        List<RunRecord> all = store.loadAll();
        assertEquals(1, all.size());
        assertEquals("good", all.get(0).name());
        assertEquals(1, store.warnings().size());
        assertTrue(store.warnings().get(0).contains("bad" + java.io.File.separator + "run.json"), store.warnings().get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.load("bad"));
        assertTrue(e.getMessage().contains("corrupt"));
        e = assertThrows(IllegalArgumentException.class, () -> store.load("missing"));
        assertTrue(e.getMessage().contains("'missing'") && e.getMessage().contains("good"), e.getMessage());
    }

    @Test
    void namesAndParameters() {
        RunStore store = new RunStore(dir);
        TrainSpec s = new TrainSpec().model("mlp(64,32)").opt("adam").lr(3e-4);
        String n1 = store.generateName(s);
        assertEquals("mlp64-32-adam-3e-4-1", n1);
        store.save(sample(n1), null);
        assertNotEquals(n1, store.generateName(s));
        assertThrows(IllegalArgumentException.class, () -> RunStore.checkName("../etc"));
        assertThrows(IllegalArgumentException.class, () -> RunStore.checkName("a b"));

        try (NDManager m = NDManager.newBaseManager()) {
            Block a = Models.build("mlp(4)", "relu", 0, "none", new long[]{3}, 2);
            a.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            store.save(sample("withparams"), a);
            Block b = Models.build("mlp(4)", "relu", 0, "none", new long[]{3}, 2);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            store.loadParameters("withparams", b, m);
            for (int i = 0; i < a.getParameters().size(); i++) {
                assertTrue(a.getParameters().get(i).getValue().getArray()
                        .contentEquals(b.getParameters().get(i).getValue().getArray()));
            }
            Block c = Models.build("mlp(5)", "relu", 0, "none", new long[]{3}, 2);
            c.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.loadParameters("withparams", c, m));
            assertTrue(e.getMessage().contains("withparams"), e.getMessage());
        }
    }
}
