package trainbook.engine.sweep;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Cancellation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StudyTest {
    @TempDir
    Path runs;

    static final SearchSpace SPACE = SearchSpace.of().logFloat("lr", 1e-4, 1e-1).choice("opt", "sgd", "adam");

    static double f(TrialHandle t) {
        double x = Math.log10(t.getDouble("lr")) + 2;
        return x * x + (t.getString("opt").equals("adam") ? 0 : 1);
    }

    Study study(String name) {
        return Study.builder().name(name).space(SPACE).sampler(new TpeSampler()).seed(5).metric("val_loss").persist(runs.toString()).build();
    }

    @org.junit.jupiter.api.BeforeEach
    @AfterEach
    void clearStop() { Cancellation.current().reset(); }

    @Test
    void trialsAreSavedAndAResumedStudyContinuesAsTheUninterruptedOneWould() {
        Study a = study("s1");
        assertEquals(12, a.optimize(StudyTest::f, 12));
        Path dir = runs.resolve("studies").resolve("s1");
        assertTrue(Files.isRegularFile(dir.resolve("study.json")));
        assertTrue(Files.isRegularFile(dir.resolve("trial-0012.json")));
        // a new kernel: the same study continues with the trials already done
        Study b = study("s1");
        assertEquals(12, b.trials().size());
        assertEquals(a.trials().get(3).params(), b.trials().get(3).params());
        assertEquals(a.best().orElseThrow().value(), b.best().orElseThrow().value(), 0);
        assertEquals(8, b.optimize(StudyTest::f, 20));
        assertEquals(20, b.trials().size());
        // the same 20 trials as a study that was never interrupted
        Study whole = Study.builder().space(SPACE).sampler(new TpeSampler()).seed(5).build();
        whole.optimize(StudyTest::f, 20);
        for (int i = 0; i < 20; i++) assertEquals(whole.trials().get(i).params(), b.trials().get(i).params(), "trial " + (i + 1));
    }

    @Test
    void aCorruptTrialFileIsSkippedByName() throws Exception {
        study("s2").optimize(StudyTest::f, 4);
        Path bad = runs.resolve("studies/s2/trial-0002.json");
        Files.writeString(bad, "{ not json");
        Study b = study("s2");
        assertEquals(List.of(1, 3, 4), b.trials().stream().map(Trial::number).toList());
        assertEquals(1, b.warnings().size());
        assertTrue(b.warnings().get(0).contains("trial-0002.json"), b.warnings().toString());
    }

    @Test
    void aDifferentSpaceIsRefusedAndNothingSavedIsTouched() throws Exception {
        study("s3").optimize(StudyTest::f, 3);
        Path meta = runs.resolve("studies/s3/study.json");
        String before = Files.readString(meta);
        SearchSpace other = SearchSpace.of().logFloat("lr", 1e-5, 1e-1).choice("opt", "sgd", "adam");
        String m = assertThrows(IllegalArgumentException.class, () -> Study.builder().name("s3").space(other)
                .metric("val_loss").persist(runs.toString()).build()).getMessage();
        assertTrue(m.contains("lr=log:1e-4..0.1") && m.contains("lr=log:1e-5..0.1") && m.contains("study=NAME"), m);
        String m2 = assertThrows(IllegalArgumentException.class, () -> Study.builder().name("s3").space(SPACE)
                .metric("val_acc").direction(Direction.MAXIMIZE).persist(runs.toString()).build()).getMessage();
        assertTrue(m2.contains("val_loss"), m2);
        assertEquals(before, Files.readString(meta));
        assertEquals(3, study("s3").trials().size());
    }

    @Test
    void anInterruptMidStudyKeepsFinishedTrialsAndTheStudyResumes() {
        Study a = study("s4");
        int[] calls = {0};
        a.optimize(t -> {
            if (++calls[0] == 4) throw new TrialInterrupted("stopped by the user");
            return f(t);
        }, 10);
        assertTrue(a.stopped());
        assertEquals(3, a.trials().size());
        assertFalse(Files.exists(runs.resolve("studies/s4/trial-0004.json")), "the cut-off trial is not kept");
        Study b = study("s4");
        assertEquals(3, b.trials().size());
        b.optimize(StudyTest::f, 10);
        assertEquals(10, b.finishedCount());

        // a stop requested between trials (the kernel's interrupt) ends the study before the next trial
        Study c = study("s5");
        c.optimize(t -> {
            if (t.number() == 2) Cancellation.current().requestStop();
            return f(t);
        }, 10);
        assertTrue(c.stopped());
        assertEquals(2, c.finishedCount());
    }

    @Test
    void aTrialThatWasRunningWhenTheKernelDiedRunsAgain() {
        Study a = study("s6");
        a.optimize(StudyTest::f, 2);
        a.ask(); // trial 3 starts, then the kernel dies
        Study b = study("s6");
        assertEquals(2, b.trials().size());
        assertTrue(b.warnings().get(0).contains("trial 3"), b.warnings().toString());
        b.optimize(StudyTest::f, 3);
        assertEquals(TrialState.COMPLETE, b.trials().get(2).state());
    }

    @Test
    void prunedTrialsKeepTheStepTheyReachedAndFailuresAreRecorded() {
        List<String> events = new ArrayList<>();
        Study s = Study.builder().space(SPACE).sampler(new RandomSampler()).pruner(new MedianPruner(2, 0, 1, 1)).seed(1)
                .listener(new StudyListener() {
                    @Override public void trialFinished(Trial t) { events.add(t.number() + ":" + t.state().label()); }
                }).build();
        s.optimize(t -> {
            double v = f(t);
            for (int step = 1; step <= 5; step++) {
                if (t.report(step, v + 5 - step)) throw new TrialPruned();
            }
            return v;
        }, 15);
        long pruned = s.trials().stream().filter(t -> t.state() == TrialState.PRUNED).count();
        assertTrue(pruned > 0, s.trials().toString());
        for (Trial t : s.trials()) {
            if (t.state() == TrialState.PRUNED) assertTrue(t.lastStep() >= 1 && t.lastStep() < 5, t.toString());
        }
        assertEquals(15, events.size());
        Study f = Study.builder().space(SPACE).build();
        assertThrows(IllegalStateException.class, () -> f.optimize(t -> { throw new Exception("boom"); }, 3));
        assertEquals(TrialState.FAILED, f.trials().get(0).state());
        assertEquals("boom", f.trials().get(0).error());
        assertThrows(IllegalArgumentException.class, () -> f.optimize(StudyTest::f, 1001));
    }

    /** Records the trials the study says it dropped; the first of each batch ends, the others are left unended. */
    static final class DropRecorder implements Objective {
        final List<Integer> dropped = new ArrayList<>();

        @Override
        public double evaluate(TrialHandle trial) {
            if (trial.number() == 5) throw new TrialInterrupted("stopped by the user");
            return f(trial);
        }

        @Override
        public void dropped(TrialHandle trial) { dropped.add(trial.number()); }
    }

    @Test
    void theObjectiveHearsOfEveryDroppedTrialAndOfNoOther() {
        // an executor that gives up on all but the first trial of its batch (a worker that cannot run them)
        TrialExecutor givesUp = new TrialExecutor() {
            @Override
            public void execute(List<TrialHandle> batch, Objective objective) { batch.get(0).run(objective); }

            @Override
            public int parallelism() { return 3; }
        };
        DropRecorder spark = new DropRecorder();
        Study a = Study.builder().space(SPACE).seed(5).executor(givesUp).build();
        a.optimize(spark, 6);
        assertEquals(List.of(1), a.trials().stream().map(Trial::number).toList());
        assertEquals(List.of(2, 3), spark.dropped);

        // in-process: the trial whose objective says it was interrupted is dropped; the ones that ended are not
        DropRecorder local = new DropRecorder();
        Study b = Study.builder().space(SPACE).seed(5).build();
        b.optimize(local, 8);
        assertTrue(b.stopped());
        assertEquals(4, b.finishedCount());
        assertEquals(List.of(5), local.dropped);
    }
}
