package trainbook.engine.sweep;

/** Where a trial stands. Only COMPLETE and PRUNED trials inform the samplers; RUNNING is shown while a trial trains. */
public enum TrialState {
    RUNNING, COMPLETE, PRUNED, FAILED;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** True once the trial ended (complete, pruned or failed). */
    public boolean finished() { return this != RUNNING; }
}
