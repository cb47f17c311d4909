package trainbook.doctor.scenario;

import trainbook.doctor.Doctor;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs real (small) trainings for the scenario suite and diagnoses them. */
final class Trainer {
    private Trainer() {}

    /** A small, fast spec: one thread, no saving, no live output. */
    static TrainSpec spec(String data, String model) {
        TrainSpec s = Trainbook.spec().data(data).model(model).epochs(5).batch(32).lr(1e-3).seed(7);
        s.threads(1);
        s.live(false);
        return s;
    }

    /** Trains (a failing run's record is caught through the listener) and returns the record. */
    static RunRecord train(TrainSpec spec) {
        AtomicReference<RunRecord> ref = new AtomicReference<>();
        TrainingListener l = new TrainingListener() {
            @Override public void onFitEnd(RunRecord run) { ref.set(run); }
        };
        try (TrainedRun run = Trainbook.train(spec, List.of(l), false, false)) {
            ref.set(run.record());
        } catch (RuntimeException e) {
            if (ref.get() == null) throw e;
        }
        return ref.get();
    }

    /** Trains and diagnoses; prints the diagnosis so a failing scenario shows what the doctor saw. */
    static List<Finding> diagnose(String label, TrainSpec spec) {
        RunRecord r = train(spec);
        List<Finding> f = Doctor.standard().diagnose(r);
        System.out.println("== " + label + ": " + r + " — " + Doctor.summaryLine(r, f));
        for (Finding x : f) if (!x.rule().equals("engine-note")) System.out.println("   " + Doctor.format(x));
        return f;
    }
}
