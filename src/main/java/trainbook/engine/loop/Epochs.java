package trainbook.engine.loop;

import trainbook.engine.probe.StartupTimes;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import trainbook.engine.Cancellation;
import trainbook.engine.TrainSpec;
import trainbook.engine.data.HostData;
import trainbook.engine.optim.UpdateRule;
import trainbook.engine.probe.ProcessMemory;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;
import trainbook.engine.schedule.Schedule;

import java.util.List;
import java.util.Random;

/**
 * The epochs of one run: each runs its steps (stopping on an interrupt, the time budget or a bad loss), then
 * validates and decides whether to go on (early stopping, a sweep's pruner).
 */
final class Epochs {
    private final TrainSpec spec;
    private final TrainingSession s;
    private final Schedule schedule;
    private final UpdateRule optimizer;
    private final boolean cyclesMomentum;
    private final List<TrainingListener> all;
    private final BestWeights best;
    private final List<String> metrics;
    private final ProcessMemory.Watch memory;
    private final TimeBudget budget;
    private final LossGuard guard = new LossGuard(TrainLoop.DIVERGENCE_FACTOR);
    private final Random rnd;
    private int step;
    private StopReason reason = StopReason.COMPLETED;

    Epochs(TrainSpec spec, TrainingSession s, Schedule schedule, UpdateRule optimizer, boolean cyclesMomentum,
           List<TrainingListener> all, BestWeights best, List<String> metrics, ProcessMemory.Watch memory, long t0) {
        this.spec = spec;
        this.s = s;
        this.schedule = schedule;
        this.optimizer = optimizer;
        this.cyclesMomentum = cyclesMomentum;
        this.all = all;
        this.best = best;
        this.metrics = metrics;
        this.memory = memory;
        this.budget = new TimeBudget(spec.maxTime(), t0, System::nanoTime);
        this.rnd = new Random(spec.seed());
    }

    /** Runs the epochs; why they ended. */
    StopReason run() {
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            if (!epoch(epoch)) break;
        }
        return reason;
    }

    /** One epoch; false when training stops here ({@link #reason} says why). */
    private boolean epoch(int epoch) {
        long e0 = System.nanoTime();
        for (TrainingListener l : all) l.onEpochStart(epoch);
        int n = s.trainData().size();
        int[] perm = HostData.permutation(n, rnd);
        double lossSum = 0;
        int batches = 0;
        long seen = 0;
        double lr = Double.NaN;
        try (NDManager em = s.dataManager.newSubManager()) {
            NDArray correct = s.isClassification() ? em.zeros(new Shape(), DataType.INT64) : null;
            int steps = s.stepsPerEpoch();
            for (int b = 0; b < steps; b++) {
                if (stops(Cancellation.current().stopRequested() ? StopReason.INTERRUPTED
                        : budget.exhausted() ? StopReason.MAX_TIME : null)) {
                    return false;
                }
                int from = b * spec.batch();
                int to = Math.min(n, from + spec.batch());
                lr = schedule.lr(step);
                double loss = step(perm, from, to, epoch, b, lr, correct);
                if (stops(guard.check(loss))) return false;
                lossSum += loss;
                batches++;
                seen += to - from;
            }
            double trainLoss = batches == 0 ? Double.NaN : lossSum / batches;
            double trainAcc = correct == null || seen == 0 ? Double.NaN : correct.getLong() / (double) seen;
            return endOfEpoch(epoch, e0, trainLoss, trainAcc, lr);
        }
    }

    private boolean stops(StopReason why) {
        if (why != null) reason = why;
        return why != null;
    }

    /** One optimizer step on rows {@code from..to} of the permutation; its loss. */
    private double step(int[] perm, int from, int to, int epoch, int batch, double lr, NDArray correct) {
        if (cyclesMomentum) optimizer.setMomentum(schedule.momentum(step));
        boolean sample = spec.gradEvery() > 0 && step % spec.gradEvery() == 0;
        long st = System.nanoTime();
        TrainingSession.StepOut out = s.trainStep(perm, from, to, optimizer, step, (float) lr, sample, correct);
        double ms = (System.nanoTime() - st) / 1e6;
        if (step == 0) StartupTimes.firstBatchDone("first step");
        StepRecord sr = new StepRecord(step, epoch, batch, lr, out.loss(), out.gradNorm(), out.updateRatio(), ms);
        if (out.sample() != null) for (TrainingListener l : all) l.onGradSample(out.sample());
        for (TrainingListener l : all) l.onBatchEnd(sr);
        step++;
        return out.loss();
    }

    /** Validates, then early stopping and the pruners decide; false when training stops here. */
    private boolean endOfEpoch(int epoch, long e0, double trainLoss, double trainAcc, double lr) {
        TrainingSession.Evaluation v = s.evaluate(s.valData(), metrics);
        EpochRecord er = new EpochRecord(epoch, trainLoss, v.loss(), trainAcc, v.acc(), lr,
                (System.nanoTime() - e0) / 1e9, TrainLoop.prefixed("val_", v.values()));
        boolean patienceRanOut = best.afterEpoch(er);
        memory.sample();
        for (TrainingListener l : all) l.onEpochEnd(er);
        boolean pruned = false;
        for (TrainingListener l : all) pruned |= l.pruneAfterEpoch(er);
        if (patienceRanOut) return !stops(StopReason.PATIENCE);
        return !stops(pruned ? StopReason.PRUNED : null);
    }
}
