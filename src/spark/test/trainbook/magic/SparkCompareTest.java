package trainbook.magic;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Cancellation;
import trainbook.engine.run.RunRecord;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** %compare backend=spark end to end in local mode (Spark inside this JVM): the fast case of the cluster test. */
class SparkCompareTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() { Cancellation.current().reset(); }

    static final String LINE = "data=blobs(n=120) model=mlp(8) epochs=2 batch=32 limit=2 live=false threads=1"
            + " lr=1e-3..1e-1 opt=sgd,adam search=tpe trials=4 ";

    private Comparison compare(RecordingContext c, String line, String runs) {
        return new CompareMagic(c, System::nanoTime).run(Tokenizer.tokenize(line + " runs=" + runs));
    }

    /** Each run's last val_loss by its name. */
    static Map<String, Double> losses(List<RunRecord> runs) {
        Map<String, Double> m = new HashMap<>();
        for (RunRecord r : runs) m.put(r.name(), r.epochs().get(r.epochs().size() - 1).valLoss());
        return m;
    }

    @Test
    void aStudyOnLocalSparkSavesEveryTrialWithTheSameConfigsAndLossesAsInProcess() {
        RecordingContext spark = new RecordingContext();
        Comparison onSpark = compare(spark, LINE + "study=sp backend=spark master=local[2] parallel=2", dir.resolve("a").toString());
        String progress = spark.displays.get("d1").plain();
        assertTrue(progress.startsWith("study done: 4 trials; best val_loss"), progress);
        for (int i = 1; i <= 4; i++) {
            assertTrue(Files.isRegularFile(dir.resolve("a/sp-t" + i + "/run.json")), "trial " + i + " saved on the driver");
            assertTrue(Files.isRegularFile(dir.resolve("a/studies/sp/" + String.format("trial-%04d.json", i))));
        }
        assertTrue(spark.notes.stream().allMatch(n -> !n.contains("\n")), "one line per event: " + spark.notes);
        // the same study in-process (TPE's first 10 trials are random: the same draws whatever the batches)
        Comparison inProcess = compare(new RecordingContext(), LINE + "study=sp",
                dir.resolve("b").toString());
        List<RunRecord> a = onSpark.runs(), b = inProcess.runs();
        assertEquals(4, a.size());
        assertEquals(4, b.size());
        Map<String, RunRecord> twins = new HashMap<>();
        for (RunRecord r : b) twins.put(r.name(), r);
        Map<String, Double> la = losses(a), lb = losses(b);
        for (RunRecord r : a) {
            RunRecord twin = twins.get(r.name());
            assertNotNull(twin, "trial " + r.name() + " in both");
            assertEquals(twin.spec().get("lr"), r.spec().get("lr"), r.name());
            assertEquals(twin.spec().get("opt"), r.spec().get("opt"), r.name());
            assertEquals(lb.get(r.name()), la.get(r.name()), 1e-4 * Math.max(1, Math.abs(lb.get(r.name()))), r.name() + " final val_loss");
        }
    }

    static final String PRUNED = "data=blobs(n=120) model=mlp(8) epochs=4 batch=32 limit=2 live=false threads=1"
            + " lr=1e-4..1 opt=sgd,adam search=tpe trials=6 prune=asha min_epochs=1 eta=2 ";

    /** Each trial's outcome: stop reason, epochs trained, last val_loss. */
    record Outcome(String stop, int epochs, double loss) {}

    static Map<String, Outcome> outcomes(List<RunRecord> runs) {
        Map<String, Outcome> m = new java.util.TreeMap<>();
        for (RunRecord r : runs) {
            m.put(r.name(), new Outcome(String.valueOf(r.stopReason()), r.epochs().size(), r.epochs().get(r.epochs().size() - 1).valLoss()));
        }
        return m;
    }

    /** The same trials pruned at the same epochs, with the same losses (float noise aside). */
    static void assertSameOutcomes(Map<String, Outcome> expected, Map<String, Outcome> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String n : expected.keySet()) {
            Outcome e = expected.get(n), a = actual.get(n);
            assertEquals(e.stop(), a.stop(), n + " stop reason");
            assertEquals(e.epochs(), a.epochs(), n + " epochs trained");
            assertEquals(e.loss(), a.loss(), 1e-4 * Math.max(1, Math.abs(e.loss())), n + " last val_loss");
        }
    }

    @Test
    void ashaOnLocalSparkPrunesTheSameTrialsAtTheSameEpochsAsInProcess() {
        RecordingContext spark = new RecordingContext();
        Comparison onSpark = compare(spark, PRUNED + "study=pr backend=spark master=local[2] parallel=1", dir.resolve("p").toString());
        String progress = spark.displays.get("d1").plain();
        assertTrue(progress.startsWith("study done: 6 trials, "), progress + "\n" + spark.notes);
        assertTrue(progress.contains(" pruned"), progress);
        assertTrue(spark.notes.stream().noneMatch(n -> n.contains("unpruned")), spark.notes.toString());
        Comparison inProcess = compare(new RecordingContext(), PRUNED + "study=pr", dir.resolve("q").toString());
        Map<String, Outcome> a = outcomes(onSpark.runs()), b = outcomes(inProcess.runs());
        assertEquals(6, b.size(), b.toString());
        long pruned = b.values().stream().filter(o -> o.stop().equals("PRUNED")).count();
        assertTrue(pruned >= 1 && pruned < 6, "the reference study prunes some trials, not all: " + b);
        assertSameOutcomes(b, a);
        // the study's own files say the same: pruned trials are PRUNED, with their epochs reported
        for (int i = 1; i <= 6; i++) {
            String f = String.format("studies/pr/trial-%04d.json", i);
            assertEquals(readState(dir.resolve("q").resolve(f)), readState(dir.resolve("p").resolve(f)), f);
        }
    }

    private static String readState(Path f) {
        try {
            return com.google.gson.JsonParser.parseString(Files.readString(f)).getAsJsonObject().get("state").getAsString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void keepParamsBringsTheTrainedParametersBackAsInProcessSavesThem() throws Exception {
        String line = LINE.replace("trials=4", "trials=2") + "study=kp";
        compare(new RecordingContext(), line + " backend=spark master=local[2] keep_params=true", dir.resolve("k").toString());
        compare(new RecordingContext(), line + " backend=spark master=local[2]", dir.resolve("n").toString());
        compare(new RecordingContext(), line, dir.resolve("i").toString());
        for (int i = 1; i <= 2; i++) {
            Path spark = dir.resolve("k/kp-t" + i + "/params.bin"), here = dir.resolve("i/kp-t" + i + "/params.bin");
            assertTrue(Files.isRegularFile(spark), "keep_params=true: trial " + i + "'s parameters saved on the driver");
            assertFalse(Files.exists(dir.resolve("n/kp-t" + i + "/params.bin")), "without keep_params only the record comes back");
            assertEquals(Files.size(here), Files.size(spark), "the same parameters as in-process");
            // the saved parameters are the trained ones: the run rebuilt from them predicts as the in-process one
            var a = trainbook.engine.Trainbook.interpret("kp-t" + i, dir.resolve("k").toString());
            var b = trainbook.engine.Trainbook.interpret("kp-t" + i, dir.resolve("i").toString());
            assertArrayEquals(b.confusion(), a.confusion(), "trial " + i);
        }
    }

    @Test
    void anUnreachableMasterIsOneLineAndTheStudyIsUntouched() throws Exception {
        String runs = dir.resolve("c").toString();
        compare(new RecordingContext(), LINE.replace("trials=4", "trials=2") + "study=sc", runs);
        Path meta = dir.resolve("c/studies/sc/study.json");
        String before = Files.readString(meta);
        ArgException e = assertThrows(ArgException.class, () -> compare(new RecordingContext(),
                LINE.replace("trials=4", "trials=3") + "study=sc backend=spark master=spark://127.0.0.1:1", runs));
        assertTrue(e.getMessage().startsWith("%compare: master=spark://127.0.0.1:1: no Spark master answers there"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(before, Files.readString(meta));
        // the kernel stays usable: the same study continues in-process
        compare(new RecordingContext(), LINE.replace("trials=4", "trials=3") + "study=sc", runs);
        assertTrue(Files.isRegularFile(dir.resolve("c/studies/sc/trial-0003.json")));
    }

    @Test
    void anInterruptWithoutStudyLeavesNoEmptyRunFolderOfTheDroppedTrials() throws Exception {
        Path runs = dir.resolve("i");
        int[] sent = {0};
        RecordingContext ctx = new RecordingContext() {
            @Override
            public void update(String id, trainbook.render.Rich output) {
                super.update(id, output);
                // both trials of the first batch prepared (their folders reserved) and sent: the user interrupts
                if (output.plain().contains(" sent to Spark ") && ++sent[0] == 2) Cancellation.current().requestStop();
            }
        };
        compare(ctx, LINE + "backend=spark master=local[2] parallel=2", runs.toString());
        assertEquals(2, sent[0], "both trials were sent before the interrupt");
        String progress = ctx.displays.get("d1").plain();
        assertTrue(progress.startsWith("study interrupted after 0/4 trials"), progress);
        assertTrue(ctx.notes.stream().anyMatch(n -> n.startsWith("spark: cancelled job group") && n.contains("2 trials in flight dropped")),
                ctx.notes.toString());
        try (var entries = Files.list(runs)) {
            assertEquals(List.of(), entries.map(p -> p.getFileName().toString()).toList(), "the dropped trials' run folders are gone");
        }
    }
}
