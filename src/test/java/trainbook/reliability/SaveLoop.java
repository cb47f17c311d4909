package trainbook.reliability;

import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;
import trainbook.engine.store.RunStore;

/**
 * A process that saves run records in a loop until it is killed ({@link RunStoreFaultTest} kills it with SIGKILL
 * at random moments): {@code java trainbook.reliability.SaveLoop DIR STEPS}. Prints "ready" after its first save.
 */
public final class SaveLoop {
    private SaveLoop() {}

    public static void main(String[] args) {
        RunStore store = new RunStore(args[0]);
        int steps = Integer.parseInt(args[1]);
        for (int i = 0; ; i++) {
            RunRecord r = record("loop" + (i % 4), steps, i);
            store.save(r, null);
            if (i == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }

    /** A finished record with {@code steps} steps; its loss values encode {@code version}. */
    static RunRecord record(String name, int steps, int version) {
        RunRecord r = new RunRecord(name);
        r.spec(java.util.Map.of("lr", "1e-3", "epochs", "1"));
        for (int s = 0; s < steps; s++) {
            r.steps().add(new StepRecord(s, 1, s, 1e-3, version + 1.0 / (s + 1), 0.5, 1e-3, 1.0));
        }
        r.epochs().add(new EpochRecord(1, 0.5, 0.6, 0.8, 0.7, 1e-3, 1.0));
        r.status(RunStatus.FINISHED).stopReason(StopReason.COMPLETED).seconds(1.0);
        return r;
    }
}
