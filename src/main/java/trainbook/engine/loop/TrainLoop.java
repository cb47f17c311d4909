package trainbook.engine.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trainbook.Version;
import trainbook.engine.Cancellation;
import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.metrics.Metrics;
import trainbook.engine.optim.UpdateRule;
import trainbook.engine.optim.Optimizers;
import trainbook.engine.probe.StartupTimes;
import trainbook.engine.probe.DeadUnits;
import trainbook.engine.probe.ProcessMemory;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunDiagnoser;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.ShapeErrors;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.Stamp;
import trainbook.engine.run.StopReason;
import trainbook.engine.schedule.Schedule;
import trainbook.engine.schedule.Schedules;
import trainbook.engine.store.RunStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trainbook's training loop (its own, not DJL's EasyTrain): per step a forward pass, the loss, a backward pass,
 * gradient statistics every {@code grad_every} steps read before the update, clipping ({@code clip} by global
 * norm, {@code clip_value} per element), then the optimizer step at the scheduled learning rate; per epoch a pass
 * over the validation set. The behaviours around that are separate pieces, each tested alone: {@link RunRecorder}
 * writes the history into the record (the first listener), {@link LossGuard} stops on a non-finite loss or one
 * above {@value #DIVERGENCE_FACTOR}× the first, {@link TimeBudget} stops at {@code max_time}, {@link BestWeights}
 * is early stopping with the best weights restored, {@link Cancellation} stops on an interrupt, and the
 * listeners' {@link TrainingListener#pruneAfterEpoch} lets a sweep's pruner end a trial. At the end it measures
 * the test set once, probes dead ReLUs, and saves the run.
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
    private RunDiagnoser diagnoser;

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
     * Diagnoses the finished run before it is saved (null: no diagnosis, the default), so the saved record carries
     * its findings. A failed run is saved without one.
     */
    public TrainLoop diagnoser(RunDiagnoser d) {
        this.diagnoser = d;
        return this;
    }

    /**
     * Trains. Bad specs and data throw {@link IllegalArgumentException} before anything runs; an exception during
     * training marks the record failed (stop reason error), saves it, calls {@code onFitEnd} and is rethrown.
     */
    public TrainedRun fit() {
        try (Cancellation.Scope ignored = Cancellation.current().cooperative()) {
            StartupTimes.startIfNone();
            return fitCooperatively();
        } finally {
            StartupTimes.stop();
        }
    }

    private TrainedRun fitCooperatively() {
        Cancellation.current().beginWork();
        long t0 = System.nanoTime();
        String startedAt = Instant.now().toString();
        RunStore store = RunStore.of(spec);
        String name = spec.name() != null && !spec.name().isBlank() ? RunStore.checkName(spec.name().trim()) : null;
        // fail fast on bad keys, before the data is loaded
        SpecChecks.validate(spec);
        try (UpdateRule check = Optimizers.create(spec)) {
            Schedules.fromSpec(spec, spec.lr(), 1);
        }
        StartupTimes.mark("checks");
        monitor();
        ProcessMemory.Watch memory = new ProcessMemory.Watch();
        TrainingSession s = TrainingSession.open(spec);
        if (name == null) name = store.generateName(spec);
        RunRecord rec = new RunRecord(name);
        try {
            return train(s, rec, store, startedAt, t0, memory);
        } catch (RuntimeException | Error e) {
            s.closeModel();
            throw e;
        }
    }

    private TrainedRun train(TrainingSession s, RunRecord rec, RunStore store, String startedAt, long t0, ProcessMemory.Watch memory) {
        int spe = s.stepsPerEpoch();
        long planned = (long) spe * spec.epochs();
        if (planned > MAX_PLANNED_STEPS) {
            throw new IllegalArgumentException("epochs=" + spec.epochs() + " × " + spe + " batches = " + planned
                    + " steps is more than a run can plan (" + MAX_PLANNED_STEPS + "); lower epochs, or set limit=");
        }
        int total = (int) planned;
        Schedule schedule = Schedules.fromSpec(spec, spec.lr(), spe);
        int warmup = spec.warmupSteps() > 0 ? spec.warmupSteps() : (int) Math.round(spec.warmupEpochs() * spe);
        rec.spec(spec.toMap())
                .stamp(new Stamp(spec.seed(), Devices.djlVersion(), Devices.pytorchVersion(), s.device().toString(),
                        Devices.threads(), System.getProperty("java.version"),
                        System.getProperty("os.name") + " " + System.getProperty("os.arch"), Version.VERSION, startedAt))
                .data(s.profile())
                .schedule(schedule.preview(total))
                .stepsPerEpoch(spe)
                .warmupSteps(Math.min(warmup, total));
        if (spec.lrFromFinder()) rec.lrFinderSuggestion(spec.lr());
        RunNotes.atStart(spec, s, schedule, rec);
        String monitor = monitor();
        List<String> metrics = metrics(s, monitor, rec);
        BestWeights best = bestWeights(s, monitor, rec);
        rec.status(RunStatus.RUNNING);
        StartupTimes.mark("run record");
        UpdateRule optimizer = Optimizers.create(spec);
        try (optimizer; best) {
            String bodyLr = trainbook.engine.transfer.Transfer.scaleLr(spec, s.block(), optimizer);
            if (bodyLr != null) rec.note(RunNote.Kind.ENGINE, bodyLr);
            boolean cyclesMomentum = cycleMomentum(schedule, optimizer, rec, total);
            StartupTimes.mark("optimizer");
            for (TrainingListener l : listeners) l.onFitStart(rec);
            StartupTimes.mark("listeners start (live view)");
            List<TrainingListener> all = new ArrayList<>();
            all.add(new RunRecorder(rec)); // first: the other listeners find each event in the record
            all.addAll(listeners);
            Epochs epochs = new Epochs(spec, s, schedule, optimizer, cyclesMomentum, all, best, metrics, memory, t0);
            StopReason reason = epochs.run();
            finish(s, rec, best, reason, t0, metrics);
            best.close(); // the copy of the best weights is not needed any more: free it before saving
            rec.memory(memory.result());
            if (diagnoser != null) diagnoser.diagnoseInto(rec);
            if (save) saveQuietly(store, rec, s);
            for (TrainingListener l : listeners) l.onFitEnd(rec);
            s.close();
            return new TrainedRun(rec, s);
        } catch (RuntimeException | Error e) {
            rec.memory(memory.result());
            rec.status(RunStatus.FAILED).stopReason(StopReason.ERROR)
                    .error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    .seconds((System.nanoTime() - t0) / 1e9);
            ShapeErrors.noteFromError(rec);
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

    /** The monitored metric (default val_loss), checked against the ones early stopping knows. */
    private String monitor() {
        String m = spec.monitor() == null ? "val_loss" : spec.monitor().trim().toLowerCase(Locale.ROOT);
        if (!EarlyStopping.MONITORS.contains(m)) {
            throw new IllegalArgumentException("monitor '" + spec.monitor() + "': valid: " + String.join(", ", EarlyStopping.MONITORS));
        }
        return m;
    }

    /** The metrics measured on the validation (and test) set; the monitored one always among them. */
    private List<String> metrics(TrainingSession s, String monitor, RunRecord rec) {
        List<String> metrics = Metrics.resolve(spec.metrics(), monitor, s.isClassification());
        if (metrics.contains("top5") && s.splits().train().numClasses() <= 5) {
            throw new IllegalArgumentException("metrics 'top5': the data has " + s.splits().train().numClasses()
                    + " classes, so every label is in the top 5; valid here: acc, f1, precision, recall");
        }
        if (!metrics.equals(Metrics.defaults(s.isClassification()))) {
            rec.note(RunNote.Kind.SETTING, "metrics: " + String.join(", ", metrics) + " on the validation" + (s.testData() != null
                    ? " and test sets" : " set"));
        }
        return metrics;
    }

    /** Early stopping when {@code patience} is set, else one that never stops nor copies. */
    private BestWeights bestWeights(TrainingSession s, String monitor, RunRecord rec) {
        if (spec.patience() == null) return BestWeights.none();
        if (s.valData() == null && monitor.startsWith("val_")) {
            rec.note(RunNote.Kind.ENGINE, "no validation set: early stopping monitors train_loss instead of " + monitor);
            monitor = "train_loss";
        }
        return new BestWeights(new EarlyStopping(monitor, spec.patience(), spec.minDelta(), spec.startFromEpoch()),
                spec.restoreBest(), s.parameters(), s.manager::newSubManager);
    }

    private void finish(TrainingSession s, RunRecord rec, BestWeights best, StopReason reason, long t0, List<String> metrics) {
        int kept = rec.epochs().size();
        int restored = best.restore();
        if (restored > 0) {
            kept = restored;
            if (kept != rec.epochs().size() || reason != StopReason.COMPLETED) {
                rec.note(RunNote.Kind.ENGINE, "restored the weights of epoch " + kept + " (best " + best.stopping().monitor() + " "
                        + TrainSpec.num(best.stopping().best()) + ")");
            }
        } else if (reason == StopReason.NON_FINITE || reason == StopReason.DIVERGED) {
            rec.note(RunNote.Kind.ENGINE, "the model's weights are those of the last step before the loss " + reason.label());
        }
        rec.bestEpoch(kept);
        keptMetrics(rec, kept);
        // the only pass over the test set: after training, on the weights the run keeps (restored-best); a pruned
        // trial is not worth one
        if (s.testData() != null && reason != StopReason.INTERRUPTED && reason != StopReason.PRUNED) {
            TrainingSession.Evaluation t = s.evaluate(s.testData(), metrics);
            rec.metrics().put("test_loss", t.loss());
            if (!Double.isNaN(t.acc())) rec.metrics().put("test_acc", t.acc());
            prefixed("test_", t.values()).forEach(rec.metrics()::put);
        }
        try {
            rec.deadUnits().putAll(DeadUnits.measure(s.block(), s.probeBatch(256)));
        } catch (RuntimeException e) {
            rec.note(RunNote.Kind.ENGINE, "dead-unit probe skipped: " + e.getMessage());
        }
        rec.status(RunStatus.FINISHED).stopReason(reason).seconds((System.nanoTime() - t0) / 1e9);
    }

    /** The run's final metrics: those of the epoch whose weights it keeps, or the last step's loss. */
    private static void keptMetrics(RunRecord rec, int kept) {
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
    private boolean cycleMomentum(Schedule schedule, UpdateRule optimizer, RunRecord rec, int total) {
        double first = schedule.momentum(0);
        if (Double.isNaN(first)) return false;
        if (!optimizer.setMomentum(first)) {
            rec.note(RunNote.Kind.ENGINE, "the schedule cycles the momentum, but opt=" + optimizer.name() + " has none to cycle"
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
        rec.note(RunNote.Kind.ENGINE, "momentum: " + (adam ? "β1" : "μ") + " cycles " + TrainSpec.num(first) + " → " + TrainSpec.num(lo)
                + " → " + TrainSpec.num(plan.length == 0 ? first : plan[plan.length - 1]) + ", inversely to the LR (torch's OneCycleLR"
                + " default); cycle_momentum=false keeps " + (adam ? "β1 0.9" : "momentum=" + TrainSpec.num(trainbook.engine.KeyScope.momentum(spec))));
        return true;
    }

    private static void saveQuietly(RunStore store, RunRecord rec, TrainingSession s) {
        try {
            store.save(rec, s == null ? null : s.block());
        } catch (RuntimeException e) {
            rec.saveError(String.valueOf(e.getMessage()));
            rec.note(RunNote.Kind.SAVE_FAILED, "could not save the run: " + e.getMessage());
            LOG.warn("could not save run {}: {}", rec.name(), e.toString());
        }
    }
}
