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
}
