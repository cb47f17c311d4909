package trainbook.engine.sweep;

/**
 * Where a {@link RemoteTrial} running in another JVM sends its intermediate values (a training trial: each finished
 * epoch), and hears whether the study's pruner wants it stopped. The data is opaque text (a training trial sends
 * its epoch record as JSON) that the driver's {@link RemoteObjective#report} turns into the study's value, so the
 * executor need not know what the study monitors.
 */
@FunctionalInterface
public interface TrialReporter {
    /**
     * Reports {@code step} (from 1; an epoch when training) and waits for the driver's verdict.
     *
     * @return true when the trial should stop now
     */
    boolean report(int step, String data);

    /** Reports nowhere and never stops the trial. */
    TrialReporter NONE = (step, data) -> false;
}
