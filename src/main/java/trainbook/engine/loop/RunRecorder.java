package trainbook.engine.loop;

import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;

/**
 * Writes the run's history into its record: every step, gradient sample and epoch. The loop calls it before any
 * other listener, so theirs find each event already in the record.
 */
final class RunRecorder implements TrainingListener {
    private final RunRecord rec;

    RunRecorder(RunRecord rec) {
        this.rec = rec;
    }

    @Override
    public void onGradSample(GradSample sample) {
        rec.gradSamples().add(sample);
    }

    @Override
    public void onBatchEnd(StepRecord step) {
        rec.steps().add(step);
    }

    @Override
    public void onEpochEnd(EpochRecord epoch) {
        rec.epochs().add(epoch);
        rec.bestEpoch(epoch.epoch());
    }
}
