package trainbook.magic;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Cancellation;
import trainbook.engine.run.RunRecord;
import trainbook.engine.spark.LoopbackCluster;
import trainbook.magic.args.Tokenizer;
import trainbook.render.Rich;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * %compare backend=spark against a real standalone cluster on 127.0.0.1: a Master and two Workers, separate JVMs
 * started here (each under `timeout`) and stopped at the end whatever happens. A 6-trial TPE study gives the same
 * configurations and losses as in-process, survives a Worker killed mid-trial (Spark re-runs its task, nothing lost
 * or duplicated), and an interrupt cancels the job group, keeps the finished trials and leaves the study resumable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {
    static LoopbackCluster cluster;
    @TempDir
    static Path dir;

    static final String LINE = "data=blobs(n=400) model=mlp(16) epochs=3 batch=32 limit=6 live=false threads=1"
            + " lr=1e-3..1e-1 opt=sgd,adam search=tpe trials=6 ";

    @BeforeAll
    static void start() throws Exception {
        cluster = new LoopbackCluster(2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.driverConf().keySet().forEach(System::clearProperty);
        if (cluster != null) cluster.close();
        Cancellation.reset();
    }

    private static Comparison compare(RecordingContext c, String line, String runs) {
        MagicState.clear();
        return new CompareMagic(c, System::nanoTime).run(Tokenizer.tokenize(line + " runs=" + runs));
    }

    private static String onCluster() {
        StringBuilder b = new StringBuilder(" backend=spark parallel=2 master=" + cluster.master());
        return b.toString();
    }

    @Test
    @Order(1)
    void aWorkerKilledMidTrialCostsNothingAndTheStudyMatchesTheInProcessOne() throws Exception {
        Comparison reference = compare(new RecordingContext(), LINE + "study=s6", dir.resolve("here").toString());
        // the executors need Trainbook's classes: the driver passes them as it would spark.jars on a real cluster
        cluster.driverConf().forEach(System::setProperty);
        AtomicReference<String> killed = new AtomicReference<>();
        List<ProcessHandle> orphans = new ArrayList<>();
        RecordingContext ctx = new RecordingContext() {
            boolean hooked;

            @Override
            public void update(String id, Rich output) {
                super.update(id, output);
                if (!hooked && output.plain().startsWith("trial 1/6 sent")) {
                    hooked = true;
                    // kill the Worker whose executor starts trial 1, once that trial has trained for a moment
                    SparkContext.getOrCreate().addSparkListener(new SparkListener() {
                        @Override
                        public void onTaskStart(SparkListenerTaskStart e) {
                            if (killed.get() != null) return;
                            killed.set(e.taskInfo().executorId());
                            String exec = e.taskInfo().executorId();
                            new Thread(() -> {
                                sleep(1500);
                                Optional<ProcessHandle> w = cluster.workerOfExecutor(exec);
                                w.ifPresent(h -> {
                                    h.descendants().forEach(orphans::add);
                                    h.destroyForcibly();
                                });
                                if (w.isEmpty()) killed.set("none found for executor " + exec);
                            }).start();
                        }
                    });
                }
            }
        };
        Comparison spark = compare(ctx, LINE + "study=s6" + onCluster(), dir.resolve("cluster").toString());
        assertNotNull(killed.get(), "a task started");
        assertFalse(killed.get().startsWith("none"), killed.get());
        String progress = ctx.displays.get("d1").plain();
        assertTrue(progress.startsWith("study done: 6 trials; best val_loss"), progress + "\n" + ctx.notes);
        assertTrue(ctx.notes.stream().anyMatch(n -> n.matches("spark: trial \\d+ failed on executor .*: Spark runs it again")),
                "the lost task was re-run: " + ctx.notes);
        // nothing lost, nothing twice: six trial files, six runs, each named once
        Path study = dir.resolve("cluster/studies/s6");
        try (Stream<Path> s = Files.list(study)) {
            assertEquals(6, s.filter(p -> p.getFileName().toString().matches("trial-\\d{4}\\.json")).count());
        }
        List<String> names = spark.runs().stream().map(RunRecord::name).sorted().toList();
        assertEquals(List.of("s6-t1", "s6-t2", "s6-t3", "s6-t4", "s6-t5", "s6-t6"), names);
        Map<String, Double> a = SparkCompareTest.losses(spark.runs()), b = SparkCompareTest.losses(reference.runs());
        for (RunRecord r : spark.runs()) {
            RunRecord twin = reference.runs().stream().filter(x -> x.name().equals(r.name())).findFirst().orElseThrow();
            assertEquals(twin.spec().get("lr"), r.spec().get("lr"), r.name());
            assertEquals(twin.spec().get("opt"), r.spec().get("opt"), r.name());
            assertEquals(b.get(r.name()), a.get(r.name()), 1e-4 * Math.max(1, Math.abs(b.get(r.name()))), r.name() + " final val_loss");
        }
        for (ProcessHandle o : orphans) {
            o.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS); // the lost worker's executor exits by itself
        }
    }

    @Test
    @Order(2)
    void anInterruptCancelsTheJobGroupKeepsFinishedTrialsAndLeavesNoExecutor() throws Exception {
        cluster.driverConf().forEach(System::setProperty);
        String runs = dir.resolve("stop").toString();
        String line = LINE.replace("trials=6", "trials=4") + "study=s4" + onCluster();
        long[] stopAt = {0};
        RecordingContext ctx = new RecordingContext() {
            @Override
            public void update(String id, Rich output) {
                super.update(id, output);
                if (stopAt[0] == 0 && output.plain().matches("trial \\d/4 back: .*")) {
                    stopAt[0] = System.nanoTime();
                    Cancellation.requestStop(); // what the kernel does when the user interrupts the cell
                }
            }
        };
        compare(ctx, line, runs);
        double seconds = (System.nanoTime() - stopAt[0]) / 1e9;
        assertTrue(stopAt[0] > 0, "a trial came back");
        assertTrue(seconds < 10, "the cell returned " + seconds + " s after the interrupt");
        String progress = ctx.displays.get("d1").plain();
        assertTrue(progress.startsWith("study interrupted after 1/4 trials"), progress);
        assertTrue(ctx.notes.stream().anyMatch(n -> n.startsWith("spark: cancelled job group")), ctx.notes.toString());
        long end = System.nanoTime() + 20_000_000_000L;
        while (!cluster.executorJvms().isEmpty() && System.nanoTime() < end) Thread.sleep(200);
        assertEquals(List.of(), cluster.executorJvms(), "no executor process left behind");
        Cancellation.reset();
        RecordingContext again = new RecordingContext();
        Comparison c = compare(again, line, runs);
        assertTrue(again.displays.get("d1").plain().startsWith("study done: 4 trials (1 from before)"), again.displays.get("d1").plain());
        assertEquals(4, c.runs().size());
    }

    @Test
    @Order(3)
    void ashaOnTheClusterPrunesTheSameTrialsAsInProcessThroughTheDriversReportChannel() {
        String line = SparkCompareTest.PRUNED + "study=pa";
        Comparison reference = compare(new RecordingContext(), line, dir.resolve("prune-here").toString());
        cluster.driverConf().forEach(System::setProperty);
        RecordingContext ctx = new RecordingContext();
        // one trial in flight: each trial is sampled, and judged at each epoch, knowing every earlier one, as in-process
        Comparison spark = compare(ctx, line + " backend=spark parallel=1 master=" + cluster.master(),
                dir.resolve("prune-cluster").toString());
        String progress = ctx.displays.get("d1").plain();
        assertTrue(progress.startsWith("study done: 6 trials, "), progress + "\n" + ctx.notes);
        assertTrue(ctx.notes.stream().noneMatch(n -> n.contains("unpruned")), ctx.notes.toString());
        assertTrue(ctx.notes.stream().anyMatch(n -> n.startsWith("spark: executor ")), "trials ran on the cluster's executors: " + ctx.notes);
        Map<String, SparkCompareTest.Outcome> b = SparkCompareTest.outcomes(reference.runs());
        assertTrue(b.values().stream().anyMatch(o -> o.stop().equals("PRUNED")), "the reference prunes: " + b);
        SparkCompareTest.assertSameOutcomes(b, SparkCompareTest.outcomes(spark.runs()));
    }

    @Test
    @Order(4)
    void aWorkerWithoutTheNativesIsOneLineLeavesTheStudyUntouchedAndTheKernelUsable() throws Exception {
        String runs = dir.resolve("natives").toString();
        String line = LINE.replace("trials=6", "trials=2") + "study=nn";
        compare(new RecordingContext(), line, runs);
        Path study = dir.resolve("natives/studies/nn");
        Map<String, String> before = snapshot(study);
        cluster.driverConf().forEach(System::setProperty);
        // an executor whose DJL cache cannot be made: the PyTorch natives cannot be unpacked there, as on a worker without them
        System.setProperty("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -DENGINE_CACHE_DIR=/dev/null/no-natives");
        try {
            trainbook.magic.args.ArgException e = assertThrows(trainbook.magic.args.ArgException.class, () -> compare(
                    new RecordingContext(), line.replace("trials=2", "trials=3") + onCluster(), runs));
            String m = e.getMessage();
            System.out.println("[spark] a worker without natives: " + m);
            assertTrue(m.startsWith("%compare: master=" + cluster.master() + ": trial 3 cannot run on "), m);
            assertTrue(m.contains("the PyTorch engine does not load there (") && m.contains("every worker needs the PyTorch natives"), m);
            assertTrue(m.endsWith("the study is unchanged (rerun the same %compare once the workers are fixed)"), m);
            assertFalse(m.contains("\n"), m);
        } finally {
            System.clearProperty("spark.executor.extraJavaOptions");
        }
        assertEquals(before, snapshot(study), "the study's files are as they were");
        assertFalse(Files.exists(dir.resolve("natives/nn-t3")), "no run saved for the trial that could not run");
        // the kernel stays usable: the same study goes on, here in-process
        RecordingContext again = new RecordingContext();
        compare(again, line.replace("trials=2", "trials=3"), runs);
        assertTrue(again.displays.get("d1").plain().startsWith("study done: 3 trials (2 from before)"), again.displays.get("d1").plain());
    }

    /** Every file of a folder with its content. */
    private static Map<String, String> snapshot(Path folder) throws java.io.IOException {
        Map<String, String> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.readString(p));
        }
        return m;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
