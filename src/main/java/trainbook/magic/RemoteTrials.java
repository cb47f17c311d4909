package trainbook.magic;

import trainbook.engine.TrainSpec;
import trainbook.engine.run.RunRecord;
import trainbook.engine.spark.SparkBackend;
import trainbook.engine.store.RunStore;
import trainbook.engine.sweep.RemoteObjective;
import trainbook.engine.sweep.RemoteTrial;
import trainbook.engine.sweep.TrainTrial;
import trainbook.engine.sweep.TrialHandle;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.CompareArgs;
import trainbook.magic.args.CompareParser;
import trainbook.magic.args.MagicArgs;
import trainbook.render.Rich;
import trainbook.render.compare.Monitor;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code %compare ... backend=spark}: the study's trials as {@link TrainTrial}s. On the driver (this kernel) each
 * trial's arguments are resolved and named, the spec is sent to an executor, each epoch the executor reports comes
 * back through {@link #report} to the study's pruner (as the in-process reporter does), and the run record that
 * comes back is diagnosed and saved under {@code runs/} here, as {@code %train} would have saved it, with its
 * parameters when {@code keep_params=true} asked the executor for them. The study, its leaderboard and its files
 * stay in the kernel.
 */
final class RemoteTrials implements RemoteObjective<TrainTrial.Result> {
    private final MagicContext ctx;
    private final CompareArgs c;
    private final Monitor monitor;
    private final Map<Integer, RunRecord> records;
    private final Consumer<String> progress;
    /** the run folders {@link #reserve} made, by trial number (driver side, the cell's thread) */
    private final Map<Integer, Path> reserved = new HashMap<>();

    RemoteTrials(MagicContext ctx, CompareArgs c, Monitor monitor, Map<Integer, RunRecord> records, Consumer<String> progress) {
        this.ctx = ctx;
        this.c = c;
        this.monitor = monitor;
        this.records = records;
        this.progress = progress;
    }

    /** Connects to the study's master before anything is saved, so a bad master leaves the study untouched. */
    static trainbook.engine.spark.SparkExecutor executor(MagicContext ctx, CompareArgs c) {
        try {
            return SparkBackend.executor(c.master, c.parallel, Map.of(), ctx::note);
        } catch (trainbook.engine.spark.SparkSettingException e) {
            throw new ArgException(e.key().equals("parallel") ? "parallel=" + c.parallel : "master=" + c.master, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ArgException("backend=spark", e.getMessage());
        }
    }

    @Override
    public RemoteTrial<TrainTrial.Result> prepare(TrialHandle h) {
        MagicArgs a = CompareParser.trialArgs(c, h.number(), h.params());
        VariableBinder.bind(a, ctx::lookup);
        ctx.session().state().resolveLr(a.spec);
        RunStore store = trainbook.engine.Trainbook.runs(a.spec.runsDir());
        if (a.spec.name() != null) {
            if (store.exists(a.spec.name())) store.delete(a.spec.name()); // left by a trial cut off in an earlier session
        } else {
            a.spec.name(reserve(store, a.spec));
            reserved.put(h.number(), store.dir().resolve(a.spec.name()));
        }
        h.run(a.spec.name());
        TrainSpec spec = a.spec;
        TrainTrial work = new TrainTrial(spec, c.keepParams);
        progress.accept("trial " + h.number() + "/" + c.trialCount + " sent to Spark (" + c.master + ")");
        return work;
    }

    /** A fresh automatic name, its folder made now so the trials in flight together do not pick the same one. */
    private static String reserve(RunStore store, TrainSpec spec) {
        String name = store.generateName(spec);
        try {
            java.nio.file.Files.createDirectories(store.dir().resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + store.dir().resolve(name) + ": " + e.getMessage(), e);
        }
        return name;
    }

    /**
     * A dropped trial (interrupted, or no worker could run it) gives back the folder {@link #reserve} made for it,
     * while that is still empty: a trial stopped after its record came back keeps its saved run.
     */
    @Override
    public void dropped(TrialHandle h) {
        Path folder = reserved.remove(h.number());
        if (folder == null) return;
        try {
            Files.deleteIfExists(folder); // a folder that holds anything is not deleted (DirectoryNotEmptyException)
        } catch (DirectoryNotEmptyException saved) {
            // the trial's run was saved before it was dropped: it stays
        } catch (IOException e) {
            ctx.note("warning: the empty run folder " + folder + " of dropped trial " + h.number() + " stays ("
                    + e.getMessage() + ")");
        }
    }

    /** An epoch the executor finished: its monitored value goes to the pruner, as in-process (non-finite: NaN). */
    @Override
    public boolean report(TrialHandle h, int step, String data) {
        double v = monitor.of(TrainTrial.epoch(data));
        return h.report(step, Double.isFinite(v) ? v : Double.NaN);
    }

    @Override
    public double finish(TrialHandle h, TrainTrial.Result result) {
        RunRecord rec = TrainTrial.record(result.record());
        if (Double.isNaN(rec.lrFinderSuggestion())) {
            TrainSpec spec = CompareParser.trialArgs(c, h.number(), h.params()).spec;
            rec.lrFinderSuggestion(ctx.session().state().suggestionFor(spec));
        }
        try {
            Diagnosis.run(rec);
        } catch (RuntimeException e) {
            ctx.note("the doctor could not diagnose run '" + rec.name() + "': " + e);
        }
        try {
            RunStore store = trainbook.engine.Trainbook.runs(c.runsDir);
            // parameters first: a run folder with a record is a finished run
            if (result.params() != null) store.saveParameters(rec.name(), result.params());
            store.save(rec, null);
        } catch (RuntimeException e) {
            ctx.note("warning: run '" + rec.name() + "' was not saved (" + e.getMessage() + ")");
        }
        ctx.session().state().lastRun(rec);
        records.put(h.number(), rec);
        progress.accept("trial " + h.number() + "/" + c.trialCount + " back: " + TrainMagic.status(rec));
        return StudySweep.outcome(h.number(), rec, monitor);
    }

    /** Progress line updater for the study's first display. */
    static Consumer<String> progress(MagicContext ctx, java.util.function.Supplier<String> id) {
        return line -> {
            String d = id.get();
            if (d != null) ctx.update(d, Rich.text(line));
        };
    }
}
