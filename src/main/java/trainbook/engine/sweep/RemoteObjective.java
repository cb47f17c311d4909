package trainbook.engine.sweep;

import java.io.Serializable;

/**
 * An objective split in the three parts a remote executor needs: {@link #prepare} (on the driver: the trial's
 * sampled parameters become serializable work), {@link RemoteTrial#call} (anywhere: the training), and
 * {@link #finish} (on the driver: the result is saved and becomes the trial's value, or {@link TrialPruned} /
 * {@link TrialInterrupted} / an exception, as from {@link Objective#evaluate}).
 *
 * <p>In-process it runs the same three parts one after the other, so a study gives the same trials and values
 * whichever executor ran them (the Spark tests compare the two).
 *
 * @param <R> what a trial sends back
 */
public interface RemoteObjective<R extends Serializable> extends Objective {
    /** On the driver: the work of this trial (fails fast here, before anything is sent, when it cannot run). */
    RemoteTrial<R> prepare(TrialHandle trial);

    /** On the driver: the trial's final value from what came back. */
    double finish(TrialHandle trial, R result) throws Exception;

    /**
     * On the driver: an intermediate report of the trial (what its {@link RemoteTrial} sent to its
     * {@link TrialReporter}), usually passed on as {@link TrialHandle#report}; true stops the trial (pruned).
     */
    default boolean report(TrialHandle trial, int step, String data) {
        return false;
    }

    @Override
    default double evaluate(TrialHandle trial) throws Exception {
        return finish(trial, prepare(trial).call(0, (step, data) -> report(trial, step, data)));
    }
}
