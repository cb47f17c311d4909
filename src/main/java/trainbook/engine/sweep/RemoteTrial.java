package trainbook.engine.sweep;

import java.io.Serializable;

/**
 * The work of one trial in a form that can travel to another JVM (a Spark executor): serializable and
 * self-contained, so it must not capture notebook objects, open files or the driver's study. Its result travels
 * back and is turned into the trial's outcome on the driver by {@link RemoteObjective#finish}.
 *
 * @param <R> what the trial sends back (e.g. a run record as JSON)
 */
@FunctionalInterface
public interface RemoteTrial<R extends Serializable> extends Serializable {
    /**
     * Runs the trial.
     *
     * @param cpus the cores the cluster granted this task (the trial should not use more threads), or 0 when it
     *             runs in-process and keeps its own setting
     */
    R call(int cpus) throws Exception;

    /**
     * Runs the trial and sends its intermediate values to {@code reporter}, stopping early when it answers true
     * (the study's pruner). Work that reports nothing keeps this default.
     */
    default R call(int cpus, TrialReporter reporter) throws Exception {
        return call(cpus);
    }
}
