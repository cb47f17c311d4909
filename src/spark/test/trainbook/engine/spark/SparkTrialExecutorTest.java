package trainbook.engine.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Cancellation;
import trainbook.engine.sweep.Objective;
import trainbook.engine.sweep.RemoteObjective;
import trainbook.engine.sweep.RemoteTrial;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.StudyListener;
import trainbook.engine.sweep.StudyStore;
import trainbook.engine.sweep.TpeSampler;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialExecutor;
import trainbook.engine.sweep.TrialHandle;
import trainbook.engine.sweep.TrialState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Trials as Spark tasks in local mode (Spark in this JVM): same trials as in-process, failures, interrupt, bad URLs. */
class SparkTrialExecutorTest {
    static SparkTrialExecutor spark;
    static final List<String> EVENTS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = (SparkTrialExecutor) SparkBackend.executor("local[2]", 2, Map.of(), EVENTS::add);
    }

    @AfterAll
    static void stop() { if (spark != null) spark.close(); }

    @AfterEach
    void reset() { Cancellation.current().reset(); }

    /** (log10 x + 1)² + n/10, a trial's value; trials numbered in {@code slow} sleep first (interruptibly). */
    record Quadratic(List<Integer> slow, int failing) implements RemoteObjective<Double> {
        @Override
        public RemoteTrial<Double> prepare(TrialHandle t) {
            double x = t.getDouble("x");
            long n = t.getLong("n");
            int number = t.number();
            List<Integer> slowOnes = List.copyOf(slow);
            int bad = failing;
            return cpus -> {
                if (number == bad) throw new IllegalStateException("trial " + number + " cannot converge");
                if (slowOnes.contains(number)) Thread.sleep(60_000);
                return Math.pow(Math.log10(x) + 1, 2) + n / 10.0;
            };
        }

        @Override
        public double finish(TrialHandle t, Double result) { return result; }
    }

    static SearchSpace space() { return SearchSpace.of().logFloat("x", 1e-3, 10).intRange("n", 1, 4); }

    @Test
    void oneTrialInFlightOnSparkSamplesAndScoresLikeTheSameStudyInProcess() {
        // TPE learns from trial 4 on: with one trial in flight both see the same history, so every draw is the same
        Study onSpark = Study.builder().space(space()).sampler(new TpeSampler(3, 24, false)).seed(11).executor(oneAtATime(spark)).build();
        assertEquals(12, onSpark.optimize(new Quadratic(List.of(), 0), 12));
        Study here = Study.builder().space(space()).sampler(new TpeSampler(3, 24, false)).seed(11).build();
        here.optimize(new Quadratic(List.of(), 0), 12);
        List<Trial> a = onSpark.trials(), b = here.trials();
        assertEquals(12, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).number(), a.get(i).number());
            assertEquals(b.get(i).params(), a.get(i).params(), "trial " + a.get(i).number());
            assertEquals(TrialState.COMPLETE, a.get(i).state());
            assertEquals(b.get(i).value(), a.get(i).value(), 1e-12);
        }
    }

    /**
     * Reports (log10 x + 1)² · (1 + 1/step) at steps 1..5 and stops when told; pruned trials come back as NaN. The
     * reports travel through the driver's report channel on Spark, straight to the study in-process.
     */
    record Stepwise() implements RemoteObjective<Double> {
        @Override
        public RemoteTrial<Double> prepare(TrialHandle t) {
            return new Steps(t.getDouble("x"));
        }

        @Override
        public boolean report(TrialHandle t, int step, String data) { return t.report(step, Double.parseDouble(data)); }

        @Override
        public double finish(TrialHandle t, Double result) {
            if (result.isNaN()) throw new trainbook.engine.sweep.TrialPruned();
            return result;
        }
    }

    /** Stepwise's work (a static class: an anonymous one would drag the objective along into the task). */
    record Steps(double x) implements RemoteTrial<Double> {
        @Override
        public Double call(int cpus) { throw new AssertionError("called without a reporter"); }

        @Override
        public Double call(int cpus, trainbook.engine.sweep.TrialReporter reporter) {
            double base = Math.pow(Math.log10(x) + 1, 2);
            for (int step = 1; step <= 5; step++) {
                if (reporter.report(step, Double.toString(base * (1 + 1.0 / step)))) return Double.NaN;
            }
            return base;
        }
    }

    @Test
    void reportsReachThePrunerAndPruneTheSameTrialsAtTheSameStepsAsInProcess() {
        Study onSpark = Study.builder().space(space()).seed(21).pruner(new trainbook.engine.sweep.MedianPruner(3, 0, 1, 1))
                .executor(oneAtATime(spark)).build();
        onSpark.optimize(new Stepwise(), 12);
        Study here = Study.builder().space(space()).seed(21).pruner(new trainbook.engine.sweep.MedianPruner(3, 0, 1, 1)).build();
        here.optimize(new Stepwise(), 12);
        List<Trial> a = onSpark.trials(), b = here.trials();
        assertEquals(12, a.size());
        long pruned = b.stream().filter(t -> t.state() == TrialState.PRUNED).count();
        assertTrue(pruned >= 1 && pruned < 12, "the reference prunes some trials: " + pruned);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).state(), a.get(i).state(), "trial " + b.get(i).number());
            assertEquals(b.get(i).intermediate(), a.get(i).intermediate(), "trial " + b.get(i).number() + "'s reported steps");
        }
    }

    @Test
    void twoInFlightKeepTheSlotsBusyAndEndAtTheTotal() {
        Study s = Study.builder().space(space()).sampler(new TpeSampler(3, 24, false)).seed(2).executor(spark).build();
        assertEquals(9, s.optimize(new Quadratic(List.of(), 0), 9));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), s.trials().stream().map(Trial::number).toList());
        assertTrue(s.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE));
    }

    /** The shared executor with one trial in flight. */
    static TrialExecutor oneAtATime(SparkTrialExecutor spark) {
        return new TrialExecutor() {
            @Override public void execute(List<TrialHandle> batch, Objective o) { spark.execute(batch, o); }
            @Override public int parallelism() { return 1; }
        };
    }

    @Test
    void aTrialThatThrowsFailsAloneAndIsNotRetriedBySpark() {
        int retriesBefore = spark.rerunTasks();
        Study s = Study.builder().space(space()).seed(3).executor(spark).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.optimize(new Quadratic(List.of(), 2), 4));
        assertTrue(e.getMessage().contains("trial 2 failed on ") && e.getMessage().contains("cannot converge"), e.getMessage());
        Trial t2 = s.trials().get(1);
        assertEquals(TrialState.FAILED, t2.state());
        assertEquals(TrialState.COMPLETE, s.trials().get(0).state(), "its batch mate still finished");
        assertEquals(retriesBefore, spark.rerunTasks(), "a trial's own exception is its result, not a task failure");
    }

    @Test
    void anInterruptCancelsTheJobGroupKeepsFinishedTrialsAndTheStudyResumes() throws Exception {
        List<Integer> slow = List.of(3, 4);
        StudyStore store = new StudyStore(dir.resolve("s"));
        Study s = Study.builder().name("s").space(space()).seed(5).store(store).executor(spark)
                .listener(new StudyListener() {
                    @Override public void trialStarted(Trial t) {
                        // trials 3 and 4 are sampled once 1 and 2 are done: stop while they run on the executors
                        if (t.number() == 4) new Thread(() -> { sleep(1500); Cancellation.current().requestStop(); }).start();
                    }
                }).build();
        long t0 = System.nanoTime();
        s.optimize(new Quadratic(slow, 0), 6);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(s.stopped());
        assertTrue(seconds < 20, "cancelled within seconds, not after the 60 s trials: " + seconds);
        assertEquals(List.of(1, 2), s.trials().stream().map(Trial::number).toList());
        // the status tracker hears of the cancelled jobs' end through Spark's listener bus, a moment after the futures
        assertEquals(0, activeJobsAfter(5), "no Spark job left running");
        Cancellation.current().reset();
        Study resumed = Study.builder().name("s").space(space()).seed(5).store(store).executor(spark).build();
        assertEquals(2, resumed.finishedCount());
        resumed.optimize(new Quadratic(List.of(), 0), 6);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), resumed.trials().stream().map(Trial::number).toList());
        assertTrue(EVENTS.stream().anyMatch(l -> l.startsWith("spark: cancelled job group")), EVENTS.toString());
    }

    /** Latches a straggling task (below) and the test share: local mode runs the task in this JVM. */
    static final java.util.concurrent.CountDownLatch STRAGGLER_STARTED = new java.util.concurrent.CountDownLatch(1);
    static final java.util.concurrent.CountDownLatch NEXT_RUN_STARTED = new java.util.concurrent.CountDownLatch(1);
    static final java.util.concurrent.CountDownLatch STRAGGLER_CHECKED = new java.util.concurrent.CountDownLatch(1);
    static final java.util.concurrent.atomic.AtomicReference<Boolean> STRAGGLER_STOPPED = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * A trial whose training is still in a long batch when Spark kills its task: it takes the kill's interrupt up
     * only at its next check, which comes after the notebook's next run has started.
     */
    record Straggler() implements RemoteObjective<Double> {
        @Override
        public RemoteTrial<Double> prepare(TrialHandle t) {
            return cpus -> {
                Cancellation.current().beginWork();
                STRAGGLER_STARTED.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException killed) {
                    // the batch goes on: the interrupt is pending until the loop's next check
                    NEXT_RUN_STARTED.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    Thread.currentThread().interrupt();
                }
                try {
                    STRAGGLER_STOPPED.set(Cancellation.current().stopRequested());
                } finally {
                    STRAGGLER_CHECKED.countDown();
                }
                return 1.0;
            };
        }

        @Override
        public double finish(TrialHandle t, Double result) { return result; }
    }

    @Test
    void aKilledTaskThatStragglesStopsItselfButNotTheNextRunInThisJvm() throws Exception {
        Study s = Study.builder().name("straggle").space(space()).seed(5).store(new StudyStore(dir.resolve("st")))
                .executor(spark).listener(new StudyListener() {
                    @Override public void trialStarted(Trial t) {
                        new Thread(() -> {
                            try {
                                if (STRAGGLER_STARTED.await(30, java.util.concurrent.TimeUnit.SECONDS)) Cancellation.current().requestStop();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }).start();
                    }
                }).build();
        s.optimize(new Straggler(), 1);
        assertTrue(s.stopped());
        assertEquals(1, STRAGGLER_CHECKED.getCount(), "the killed task is still in its batch");
        // the next cell: the kernel resets the stop request, and a new run starts in the same workspace
        Cancellation next = Cancellation.current();
        next.reset();
        next.beginWork();
        NEXT_RUN_STARTED.countDown();
        assertTrue(STRAGGLER_CHECKED.await(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(Boolean.TRUE, STRAGGLER_STOPPED.get(), "the killed task stops at its next check");
        assertFalse(next.stopRequested(), "the task's interrupt does not stop the next run");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int activeJobsAfter(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int active = spark.context().sc().statusTracker().getActiveJobIds().length;
        while (active > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            active = spark.context().sc().statusTracker().getActiveJobIds().length;
        }
        return active;
    }
}
