package trainbook.engine.sweep;

import java.util.List;

/**
 * Decides, after a trial reported a value for a step (an epoch when training), whether to stop it early. Steps
 * count from 1 (the first epoch is step 1).
 */
public interface Pruner {
    /**
     * Whether to stop {@code trial} now. Called after it reported its latest step; may note per-trial state
     * (successive halving records the rungs the trial reached).
     *
     * @param trials every trial of the study (the current one included)
     */
    boolean prune(Trial trial, List<Trial> trials, Direction direction);

    /** The name saved with a study: {@code none}, {@code median}, {@code asha}. */
    String name();

    /** Never prunes. */
    Pruner NONE = new Pruner() {
        @Override public boolean prune(Trial trial, List<Trial> trials, Direction direction) { return false; }

        @Override public String name() { return "none"; }
    };
}
