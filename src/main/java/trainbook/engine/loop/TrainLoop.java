package trainbook.engine.loop;

import trainbook.engine.model.ParamCopies;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trainbook.Version;
import trainbook.engine.Cancellation;
import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.data.HostData;
import trainbook.engine.metrics.Metrics;
import trainbook.engine.optim.Optimizer;
import trainbook.engine.optim.Optimizers;
import trainbook.engine.probe.DeadUnits;
import trainbook.engine.probe.ProcessMemory;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.Stamp;
import trainbook.engine.run.StepRecord;
import trainbook.engine.run.StopReason;
import trainbook.engine.schedule.Schedule;
import trainbook.engine.schedule.Schedules;
import trainbook.engine.store.RunStore;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trainbook's training loop (its own, not DJL's EasyTrain): per step a forward pass, the loss, a backward pass,
 * gradient statistics every {@code grad_every} steps read before the update, clipping ({@code clip} by global
 * norm, {@code clip_value} per element), then the optimizer step at the scheduled learning rate. Between
 * batches it polls {@link Cancellation} and the {@code max_time} budget; it stops on a non-finite loss
 * (non_finite) or a loss above {@value #DIVERGENCE_FACTOR}× the first one (diverged; the first loss counts as at
 * least 1e-3). After each epoch it
 * validates, feeds early stopping, and keeps the best weights in memory; at the end it restores them (when
 * {@code restore_best}), measures the test set, probes dead ReLUs, and saves the run.
 */
public final class TrainLoop {
    /** A loss this many times the first step's loss counts as divergence. */
    public static final double DIVERGENCE_FACTOR = 1e3;
    /** Most steps a run may plan: the schedule preview and the step records are kept per step. */
    public static final long MAX_PLANNED_STEPS = 10_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(TrainLoop.class);

    private final TrainSpec spec;
    private final List<TrainingListener> listeners;
    private boolean save = true;

    /** A loop for {@code spec} (copied) reporting to {@code listeners}. */
    public TrainLoop(TrainSpec spec, List<TrainingListener> listeners) {
        this.spec = spec.copy();
        this.listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    /** Whether to save the run under the runs directory (default true). */
    public TrainLoop save(boolean v) {
        this.save = v;
        return this;
    }

    /**
     * Trains. Bad specs and data throw {@link IllegalArgumentException} before anything runs; an exception during
     * training marks the record failed (stop reason error), saves it, calls {@code onFitEnd} and is rethrown.
     */
    public Run fit() {
        try (Cancellation.Scope ignored = Cancellation.cooperative()) {
            return fitCooperatively();
        }
    }

    private Run fitCooperatively() {
        Cancellation.beginWork();
        long t0 = System.nanoTime();
        String startedAt = Instant.now().toString();
        RunStore store = RunStore.of(spec);
        String name = spec.name != null && !spec.name.isBlank() ? RunStore.checkName(spec.name.trim()) : null;
        // fail fast on bad keys, before the data is loaded
        Session.validate(spec);
        try (Optimizer check = Optimizers.create(spec)) {
            Schedules.fromSpec(spec, spec.lr, 1);
        }
        String m = spec.monitor == null ? "val_loss" : spec.monitor.trim().toLowerCase(Locale.ROOT);
        if (!EarlyStopping.MONITORS.contains(m)) {
            throw new IllegalArgumentException("monitor '" + spec.monitor + "': valid: " + String.join(", ", EarlyStopping.MONITORS));
        }
        ProcessMemory.Watch memory = new ProcessMemory.Watch();
        Session s = Session.open(spec);
        if (name == null) name = store.generateName(spec);
        RunRecord rec = new RunRecord(name);
        try {
            return train(s, rec, store, startedAt, t0, memory);
        } catch (RuntimeException | Error e) {
            s.closeModel();
            throw e;
        }
    }

    private Run train(Session s, RunRecord rec, RunStore store, String startedAt, long t0, ProcessMemory.Watch memory) {
        int spe = s.stepsPerEpoch();
        long planned = (long) spe * spec.epochs;
        if (planned > MAX_PLANNED_STEPS) {
            throw new IllegalArgumentException("epochs=" + spec.epochs + " × " + spe + " batches = " + planned
                    + " steps is more than a run can plan (" + MAX_PLANNED_STEPS + "); lower epochs, or set limit=");
        }
        int total = (int) planned;
        Schedule schedule = Schedules.fromSpec(spec, spec.lr, spe);
        int warmup = spec.warmupSteps > 0 ? spec.warmupSteps : (int) Math.round(spec.warmupEpochs * spe);
        rec.spec(spec.toMap())
                .stamp(new Stamp(spec.seed, Devices.djlVersion(), Devices.pytorchVersion(), s.device().toString(),
                        Devices.threads(), System.getProperty("java.version"),
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"), Version.VERSION, startedAt))
                .data(s.profile())
                .schedule(schedule.preview(total))
                .stepsPerEpoch(spe)
                .warmupSteps(Math.min(warmup, total));
        if (spec.lrFromFinder) rec.lrFinderSuggestion(spec.lr);
        rec.notes().addAll(s.notes());
        rec.notes().add("loss: " + s.lossName() + (spec.loss == null && spec.lossObject == null ? " (default for "
                + s.profile().task() + ")" : ""));
        rec.notes().add("schedule: " + schedule.describe());
        if (spec.clipValue != null) {
            rec.notes().add("clip_value clamps each gradient element to ±" + TrainSpec.num(spec.clipValue)
                    + " (by value, not by norm)");
        }
        if (spec.clip != null) {
            rec.notes().add("clip rescales all gradients together when their global L2 norm exceeds "
                    + TrainSpec.num(spec.clip) + "; grad_norm records the norm before clipping, every step");
        }
        String opt = spec.opt == null ? "adam" : spec.opt.toLowerCase(Locale.ROOT);
        if (List.of("nesterov", "rmsprop", "adagrad", "momentum").contains(opt)) {
            rec.notes().add("opt=" + opt + " uses Trainbook's own update rule (DJL 0.35.1's PyTorch engine lacks or"
                    + " mis-implements it)");
        }
        rec.notes().add(s.device().isGpu()
                ? "mixed precision is not available through DJL 0.35.1's PyTorch engine (FP16 gives NaN, BF16 aborts);"
                  + " training runs in float32"
                : "mixed precision is not available on the PyTorch CPU engine; training runs in float32");
        if (spec.gradEvery > 0) {
            rec.notes().add("gradient norms and update ratios are sampled every " + spec.gradEvery + " step(s)");
        }
        if (spec.limit != null) rec.notes().add("limit: at most " + spec.limit + " batches per epoch");

        String monitor = spec.monitor == null ? "val_loss" : spec.monitor.trim().toLowerCase(Locale.ROOT);
        if (!EarlyStopping.MONITORS.contains(monitor)) {
            throw new IllegalArgumentException("monitor '" + spec.monitor + "': valid: " + String.join(", ", EarlyStopping.MONITORS));
        }
        // the monitored metric is computed even when metrics= does not name it (early stopping, %compare rank by it)
        List<String> metrics = Metrics.resolve(spec.metrics, monitor, s.isClassification());
        if (metrics.contains("top5") && s.splits().train().numClasses() <= 5) {
            throw new IllegalArgumentException("metrics 'top5': the data has " + s.splits().train().numClasses()
                    + " classes, so every label is in the top 5; valid here: acc, f1, precision, recall");
        }
        if (!metrics.equals(Metrics.defaults(s.isClassification()))) {
            rec.notes().add("metrics: " + String.join(", ", metrics) + " on the validation" + (s.testData() != null
                    ? " and test sets" : " set"));
        }
        EarlyStopping es = null;
        if (spec.patience != null) {
            if (s.valData() == null && monitor.startsWith("val_")) {
                rec.notes().add("no validation set: early stopping monitors train_loss instead of " + monitor);
                monitor = "train_loss";
            }
            es = new EarlyStopping(monitor, spec.patience, spec.minDelta, spec.startFromEpoch);
        }

        rec.status(RunStatus.RUNNING);
        PairList<String, Parameter> params = s.parameters();
        Random rnd = new Random(spec.seed);
        StopReason reason = StopReason.COMPLETED;
        NDManager bestManager = null;
        List<NDArray> best = null;
        Optimizer optimizer = Optimizers.create(spec);
        try (optimizer) {
            String bodyLr = trainbook.engine.transfer.Transfer.scaleLr(spec, s.block(), optimizer);
            if (bodyLr != null) rec.notes().add(bodyLr);
            boolean cyclesMomentum = cycleMomentum(schedule, optimizer, rec, total);
            for (TrainingListener l : listeners) l.onFitStart(rec);
            double firstLoss = Double.NaN;
            int step = 0;
            outer:
            for (int epoch = 1; epoch <= spec.epochs; epoch++) {
                long e0 = System.nanoTime();
                for (TrainingListener l : listeners) l.onEpochStart(epoch);
                int n = s.trainData().size();
                int[] perm = HostData.permutation(n, rnd);
                double lossSum = 0;
                int batches = 0;
                long seen = 0;
                double lr = Double.NaN;
                try (NDManager em = s.dataManager.newSubManager()) {
                    NDArray correct = s.isClassification() ? em.zeros(new Shape(), DataType.INT64) : null;
                    for (int b = 0; b < spe; b++) {
                        if (Cancellation.stopRequested()) {
                            reason = StopReason.INTERRUPTED;
                            break outer;
                        }
                        if (spec.maxTime != null && (System.nanoTime() - t0) / 1e9 > spec.maxTime) {
                            reason = StopReason.MAX_TIME;
                            break outer;
                        }
                        int from = b * spec.batch;
                        int to = Math.min(n, from + spec.batch);
                        lr = schedule.lr(step);
                        if (cyclesMomentum) optimizer.setMomentum(schedule.momentum(step));
                        boolean sample = spec.gradEvery > 0 && step % spec.gradEvery == 0;
                        long st = System.nanoTime();
                        Session.StepOut out = s.trainStep(perm, from, to, optimizer, step, (float) lr, sample, correct);
                        double ms = (System.nanoTime() - st) / 1e6;
                        StepRecord sr = new StepRecord(step, epoch, b, lr, out.loss(), out.gradNorm(), out.updateRatio(), ms);
                        rec.steps().add(sr);
                        if (out.sample() != null) {
                            rec.gradSamples().add(out.sample());
                            for (TrainingListener l : listeners) l.onGradSample(out.sample());
                        }
                        for (TrainingListener l : listeners) l.onBatchEnd(sr);
                        step++;
                        if (!Double.isFinite(out.loss())) {
                            reason = StopReason.NON_FINITE;
                            break outer;
                        }
                        if (Double.isNaN(firstLoss)) firstLoss = out.loss();
                        else if (out.loss() > DIVERGENCE_FACTOR * Math.max(firstLoss, 1e-3)) {
                            reason = StopReason.DIVERGED;
                            break outer;
                        }
                        lossSum += out.loss();
                        batches++;
                        seen += to - from;
                    }
                    double trainLoss = batches == 0 ? Double.NaN : lossSum / batches;
                    double trainAcc = correct == null || seen == 0 ? Double.NaN : correct.getLong() / (double) seen;
                    Session.Evaluation v = s.evaluate(s.valData(), metrics);
                    EpochRecord er = new EpochRecord(epoch, trainLoss, v.loss(), trainAcc, v.acc(), lr,
                            (System.nanoTime() - e0) / 1e9, prefixed("val_", v.values()));
                    rec.epochs().add(er);
                    rec.bestEpoch(epoch);
                    boolean stop = false;
                    if (es != null) {
                        EarlyStopping.Decision d = es.update(epoch, er.metric(es.monitor()));
                        if (d == EarlyStopping.Decision.IMPROVED && spec.restoreBest) {
                            if (bestManager != null) bestManager.close();
                            bestManager = s.manager.newSubManager();
                            best = ParamCopies.snapshot(params, bestManager);
                        }
                        stop = d == EarlyStopping.Decision.STOP;
                    }
                    memory.sample();
                    for (TrainingListener l : listeners) l.onEpochEnd(er);
                    boolean pruned = false;
                    for (TrainingListener l : listeners) pruned |= l.pruneAfterEpoch(er);
                    if (pruned && !stop) {
                        reason = StopReason.PRUNED;
                        break;
                    }
                    if (stop) {
                        reason = StopReason.PATIENCE;
                        break;
                    }
                }
            }
            finish(s, rec, es, reason, best, params, t0, metrics);
            if (bestManager != null) bestManager.close();
            rec.memory(memory.result());
            if (save) saveQuietly(store, rec, s);
            for (TrainingListener l : listeners) l.onFitEnd(rec);
            s.close();
            return new Run(rec, s);
        } catch (RuntimeException | Error e) {
            if (bestManager != null) bestManager.close();
            rec.memory(memory.result());
            rec.status(RunStatus.FAILED).stopReason(StopReason.ERROR)
                    .error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    .seconds((System.nanoTime() - t0) / 1e9);
            if (save) saveQuietly(store, rec, null);
            for (TrainingListener l : listeners) {
                try {
                    l.onFitEnd(rec);
                } catch (RuntimeException le) {
                    LOG.warn("listener failed in onFitEnd: {}", le.toString());
                }
            }
            throw e;
        }
    }

    private void finish(Session s, RunRecord rec, EarlyStopping es, StopReason reason, List<NDArray> best,
                        PairList<String, Parameter> params, long t0, List<String> metrics) {
        int kept = rec.epochs().size();
        if (es != null && spec.restoreBest && best != null && es.bestEpoch() > 0) {
            ParamCopies.restore(params, best);
            kept = es.bestEpoch();
            if (kept != rec.epochs().size() || reason != StopReason.COMPLETED) {
                rec.notes().add("restored the weights of epoch " + kept + " (best " + es.monitor() + " "
                        + TrainSpec.num(es.best()) + ")");
            }
        } else if (reason == StopReason.NON_FINITE || reason == StopReason.DIVERGED) {
            rec.notes().add("the model's weights are those of the last step before the loss " + reason.label());
        }
        rec.bestEpoch(kept);
        if (kept > 0) {
            EpochRecord e = rec.epochs().get(kept - 1);
            rec.metrics().put("train_loss", e.trainLoss());
            if (!Double.isNaN(e.trainAcc())) rec.metrics().put("train_acc", e.trainAcc());
            if (!Double.isNaN(e.valLoss())) rec.metrics().put("val_loss", e.valLoss());
            if (!Double.isNaN(e.valAcc())) rec.metrics().put("val_acc", e.valAcc());
            rec.metrics().putAll(e.metrics());
        } else if (!rec.steps().isEmpty()) {
            rec.metrics().put("train_loss", rec.steps().get(rec.steps().size() - 1).loss());
        }
        // the only pass over the test set: after training, on the weights the run keeps (restored-best); a pruned
        // trial is not worth one
        if (s.testData() != null && reason != StopReason.INTERRUPTED && reason != StopReason.PRUNED) {
            Session.Evaluation t = s.evaluate(s.testData(), metrics);
            rec.metrics().put("test_loss", t.loss());
            if (!Double.isNaN(t.acc())) rec.metrics().put("test_acc", t.acc());
            prefixed("test_", t.values()).forEach(rec.metrics()::put);
        }
        try {
            rec.deadUnits().putAll(DeadUnits.measure(s.block(), s.probeBatch(256)));
        } catch (RuntimeException e) {
            rec.notes().add("dead-unit probe skipped: " + e.getMessage());
        }
        rec.status(RunStatus.FINISHED).stopReason(reason).seconds((System.nanoTime() - t0) / 1e9);
    }



    /**
     * Metric values keyed {@code PREFIX + name}, finite only; accuracy is left out (EpochRecord and the record
     * carry it under its own name).
     */
    static java.util.LinkedHashMap<String, Double> prefixed(String prefix, java.util.Map<String, Double> values) {
        java.util.LinkedHashMap<String, Double> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!k.equals("acc") && v != null && Double.isFinite(v)) out.put(prefix + k, v);
        });
        return out;
    }

    /**
     * Whether the schedule sets the momentum (one-cycle) and the optimizer has one to set. Records the planned
     * momentum per step and says in a note what is cycled, or why nothing is.
     */
    private boolean cycleMomentum(Schedule schedule, Optimizer optimizer, RunRecord rec, int total) {
        double first = schedule.momentum(0);
        if (Double.isNaN(first)) return false;
        if (!optimizer.setMomentum(first)) {
            rec.notes().add("the schedule cycles the momentum, but opt=" + optimizer.name() + " has none to cycle"
                    + " (opt=momentum, nesterov, adam, adamw, and sgd with momentum>0 have one)");
            return false;
        }
        double[] plan = new double[total];
        double lo = first;
        for (int i = 0; i < total; i++) {
            plan[i] = schedule.momentum(i);
            lo = Math.min(lo, plan[i]);
        }
        rec.momentumSchedule(plan);
        boolean adam = optimizer.name().startsWith("adam");
        rec.notes().add("momentum: " + (adam ? "β1" : "μ") + " cycles " + TrainSpec.num(first) + " → " + TrainSpec.num(lo)
                + " → " + TrainSpec.num(plan.length == 0 ? first : plan[plan.length - 1]) + ", inversely to the LR (torch's OneCycleLR"
                + " default); cycle_momentum=false keeps " + (adam ? "β1 0.9" : "momentum=" + TrainSpec.num(trainbook.engine.KeyScope.momentum(spec))));
        return true;
    }

    private static void saveQuietly(RunStore store, RunRecord rec, Session s) {
        try {
            store.save(rec, s == null ? null : s.block());
        } catch (RuntimeException e) {
            rec.notes().add("could not save the run: " + e.getMessage());
            LOG.warn("could not save run {}: {}", rec.name(), e.toString());
        }
    }
}
