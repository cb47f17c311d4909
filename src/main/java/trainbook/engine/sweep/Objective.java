package trainbook.engine.sweep;

/**
 * What a study optimises: any function of a trial's parameters. Long objectives report intermediate values
 * ({@link TrialHandle#report}) and stop when told to ({@code if (t.report(epoch, loss)) throw new TrialPruned();}).
 */
@FunctionalInterface
public interface Objective {
    /** The trial's final value. Throw {@link TrialPruned} to end it as pruned, {@link TrialInterrupted} to stop the study. */
    double evaluate(TrialHandle trial) throws Exception;
}
