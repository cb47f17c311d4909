package trainbook.engine.sweep;

/**
 * Thrown by an objective when the user stopped it: the trial is not recorded (a resumed study runs it again) and
 * the study stops, keeping every finished trial.
 */
public class TrialInterrupted extends RuntimeException {
    public TrialInterrupted(String why) { super(why, null, false, false); }
}
