package trainbook.engine.run;

/** Why training ended. */
public enum StopReason {
    /** all epochs ran */
    COMPLETED,
    /** early stopping: the monitored metric did not improve for {@code patience} epochs */
    PATIENCE,
    /** the loss became NaN or infinite */
    NON_FINITE,
    /** the loss exploded (far above its starting value) */
    DIVERGED,
    /** the user interrupted the cell or cancelled the run */
    INTERRUPTED,
    /** the {@code max_time} budget ran out */
    MAX_TIME,
    /** a sweep's pruner stopped the trial (its metric lagged behind the other trials') */
    PRUNED,
    /** an exception ended the run */
    ERROR;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
