package trainbook.engine.sweep;

/**
 * What a study optimises: any function of a trial's parameters. Long objectives report intermediate values
 * ({@link TrialHandle#report}) and stop when told to ({@code if (t.report(epoch, loss)) throw new TrialPruned();}).
 */
@FunctionalInterface
public interface Objective {
    /** The trial's final value. Throw {@link TrialPruned} to end it as pruned, {@link TrialInterrupted} to stop the study. */
    double evaluate(TrialHandle trial) throws Exception;

    /**
     * The study dropped this trial (an interrupt, or an executor that could not run it): a resumed study runs its
     * number again, so an objective undoes here what it made for the trial and nothing else will use (the empty run
     * folder a remote trial reserved). Never called for a trial that ended (complete, pruned, failed).
     */
    default void dropped(TrialHandle trial) {}
}
