package trainbook.engine.sweep;

import java.util.List;

/**
 * Runs trials' objectives: locally on the calling thread ({@link #LOCAL}), or elsewhere (a cluster). The study
 * samples a batch of {@link #parallelism()} trials, hands them over and waits; the executor ends each trial
 * through its handle: {@link TrialHandle#run(Objective)} does all of it where the objective runs on this JVM;
 * a remote executor forwards {@link TrialHandle#report} calls and then calls {@link TrialHandle#complete},
 * {@link TrialHandle#pruned} or {@link TrialHandle#fail} with what came back. Handles are thread-safe.
 */
public interface TrialExecutor {
    /** Runs every trial of the batch to its end (or until the user stops the study). */
    void execute(List<TrialHandle> batch, Objective objective);

    /** How many trials to sample at once (trials of one batch do not see each other's results). */
    default int parallelism() { return 1; }

    /** One trial at a time on the calling thread. */
    TrialExecutor LOCAL = (batch, objective) -> {
        for (TrialHandle h : batch) h.run(objective);
    };
}
