package trainbook.engine.sweep;

/** Progress of a study, called on the thread that runs the trial (for live displays). No-op defaults. */
public interface StudyListener {
    /** A trial was sampled and starts (state RUNNING). */
    default void trialStarted(Trial trial) {}

    /** A trial reported a value for a step (and the pruner judged it). */
    default void trialReported(Trial trial, int step, double value, boolean prune) {}

    /** A trial ended (complete, pruned or failed) and was saved. */
    default void trialFinished(Trial trial) {}
}
