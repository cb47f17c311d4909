package trainbook.engine.loop;

import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;

/**
 * Events of a training run, called on the training thread in this order: {@link #onFitStart} once,
 * then per epoch {@link #onEpochStart}, {@link #onBatchEnd} per step (with {@link #onGradSample} on the steps that
 * sampled gradients), {@link #onEpochEnd}; finally {@link #onFitEnd} once, also when the run stopped early or
 * failed. Every method has a no-op default; implement the ones you need. Listeners must not modify the record.
 */
public interface TrainingListener {
    /** The run is set up (spec, stamp, data profile, schedule preview filled) and about to take its first step. */
    default void onFitStart(RunRecord run) {}

    /** Epoch {@code epoch} (1-based) starts. */
    default void onEpochStart(int epoch) {}

    /** A step finished; its record is already in the run's step list. */
    default void onBatchEnd(StepRecord step) {}

    /** Per-parameter gradient statistics were sampled at this step. */
    default void onGradSample(GradSample sample) {}

    /** An epoch finished (after validation); its record is already in the run's epoch list. */
    default void onEpochEnd(EpochRecord epoch) {}

    /**
     * Asked after {@link #onEpochEnd} of every epoch: true ends the run there with stop reason {@code pruned}
     * (a sweep's pruner judged the trial not worth finishing).
     */
    default boolean pruneAfterEpoch(EpochRecord epoch) { return false; }

    /** The run ended: status, stop reason and final metrics are set. */
    default void onFitEnd(RunRecord run) {}
}
