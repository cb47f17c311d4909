package trainbook.engine.sweep;

/** Thrown by an objective to end its trial as pruned (after {@link TrialHandle#report} said so). */
public class TrialPruned extends RuntimeException {
    public TrialPruned() { super("trial pruned", null, false, false); }
}
