package trainbook.engine.probe;

import org.junit.jupiter.api.Test;
import trainbook.engine.Trainbook;
import trainbook.engine.TrainSpec;
import trainbook.engine.loop.TrainedRun;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupTimesTest {
    @Test
    void aRunRecordsEachPhaseOfItsFirstBatchInOrder() {
        TrainSpec spec = Trainbook.spec().model("mlp(8)").data("spirals(n=200,classes=2)").epochs(2).batch(32).lr(1e-2);
        spec.threads(1);
        long before = System.currentTimeMillis();
        try (TrainedRun run = Trainbook.train(spec, List.of(), false)) {
            assertEquals(2, run.record().epochs().size());
        }
        StartupTimes t = StartupTimes.last();
        Map<String, Double> p = t.phases();
        assertEquals(List.of("checks", "preload wait", "engine", "decode", "split and standardisation fit", "profile", "upload", "model",
                "run record", "optimizer", "listeners start (live view)", "first step"), List.copyOf(p.keySet()));
        double sum = p.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(t.totalSeconds(), sum, 1e-6, "the phases add up to the total");
        assertTrue(p.values().stream().allMatch(v -> v >= 0));
        assertTrue(t.firstBatchEpochMillis() >= before && t.firstBatchEpochMillis() <= System.currentTimeMillis());
        String json = t.json();
        assertTrue(json.startsWith("{\"phases\": {\"checks\": ") && json.contains("\"first_batch_epoch_ms\": "), json);
        assertTrue(t.toString().startsWith("first batch "), t.toString());

        // later batches and marks outside a run change nothing; the next run replaces it
        StartupTimes.mark("stray");
        assertEquals(p, t.phases());
        try (TrainedRun run = Trainbook.train(spec, List.of(), false)) {
            assertNotSame(t, StartupTimes.last());
        }
    }

    @Test
    void aCallerThatStartedTheClockOwnsItAndItsPhasesComeFirst() {
        TrainSpec spec = Trainbook.spec().model("mlp(8)").data("spirals(n=100,classes=2)").epochs(1).batch(32).lr(1e-2);
        spec.threads(1);
        StartupTimes.start(); // as %train does at the cell's start
        try {
            StartupTimes.mark("magic (parse, bind)");
            Trainbook.train(spec, List.of(), false).close();
        } finally {
            StartupTimes.stop();
        }
        List<String> names = List.copyOf(StartupTimes.last().phases().keySet());
        assertEquals("magic (parse, bind)", names.get(0));
        assertEquals("checks", names.get(1));
        assertEquals("first step", names.get(names.size() - 1));
    }

    @Test
    void aRunThatFailsBeforeItsFirstBatchRecordsNothing() {
        StartupTimes prev = StartupTimes.last();
        TrainSpec bad = Trainbook.spec().model("mlp(8)").data("no-such-data").epochs(1);
        try {
            Trainbook.train(bad, List.of(), false).close();
        } catch (IllegalArgumentException expected) {
            // the point: no first batch, so last() is untouched
        }
        assertEquals(prev, StartupTimes.last());
    }
}
