package trainbook.engine.sweep;

/**
 * The JVM a trial was sent to cannot train at all (e.g. a cluster worker where the PyTorch natives do not load):
 * not the trial's own failure, so an executor does not record it as failed; it drops the trial (a resumed study
 * runs that number again once the worker is fixed) and stops the study with this one line.
 */
public class TrialCannotRun extends RuntimeException {
    public TrialCannotRun(String message, Throwable cause) {
        super(message, cause);
    }

    public TrialCannotRun(String message) {
        super(message);
    }
}
