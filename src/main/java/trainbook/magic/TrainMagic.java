package trainbook.magic;

import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.ArgParser;
import trainbook.magic.args.Magic;
import trainbook.magic.args.MagicArgs;
import trainbook.magic.args.Token;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code %train key=value ...}: parses, resolves notebook variables and {@code lr=lrfind}, trains through the
 * engine with a live progress line and chart, diagnoses the run, shows the figure, tables and findings, and binds
 * the {@link TrainedRun} to a notebook variable ({@code as=NAME}, else the run name made an identifier).
 */
public final class TrainMagic {
    private final MagicContext ctx;
    private final LongSupplier clock;

    /** A %train over {@code ctx}, timing with {@code clock} (nanoseconds). */
    public TrainMagic(MagicContext ctx, LongSupplier clock) {
        this.ctx = ctx;
        this.clock = clock;
    }

    /** Runs the magic on pre-tokenized arguments; returns the {@link TrainedRun}, or null for help and dry runs. */
    public TrainedRun run(List<Token> tokens) {
        // the first batch's clock starts with the cell, so the magic's own set-up is one of its phases
        trainbook.engine.probe.StartupTimes.start();
        try {
            return doRun(tokens);
        } catch (ArgException e) {
            throw e.withPrefix(Magic.TRAIN.spelling());
        } finally {
            trainbook.engine.probe.StartupTimes.stop();
        }
    }

    private TrainedRun doRun(List<Token> tokens) {
        if (ArgParser.isHelp(tokens)) {
            ctx.display(HelpView.of(Magic.TRAIN));
            return null;
        }
        MagicArgs a = ArgParser.parse(Magic.TRAIN, tokens);
        MagicContext charts = StaticCharts.apply(ctx, a.charts);
        if (charts != ctx) return new TrainMagic(charts, clock).doRun(tokens); // charts=static: the same magic, images only
        VariableBinder.bind(a, ctx::lookup);
        ctx.session().state().resolveLr(a.spec);
        ChartFormat format = ChartFormat.parse(a.format);
        if (a.spec.dry()) {
            ctx.display(DryRun.render(DryRun.plan(a.spec), format));
            return null;
        }
        trainbook.engine.probe.StartupTimes.mark("magic (parse, bind)");
        TrainedRun run = train(ctx, a.spec, format, clock, true);
        String var = a.spec.name() != null ? a.spec.name() : identifier(run.record().name());
        String failed = ctx.bind(var, run);
        String name = run.record().name();
        String saved = saved(run.record()) ? "saved" : "not saved";
        // the line ends by pointing at what to look at next: %interpret finds the run by variable or saved name
        boolean findable = run.record().status() == trainbook.engine.run.RunStatus.FINISHED
                && (failed == null || saved(run.record()) && !InterpretMagic.objectTrained(run.record()));
        String next = findable ? "; " + InterpretMagic.pointer(run.record(), failed == null ? var : name) : "";
        ctx.note(failed == null
                ? "run '" + name + "' " + saved + "; bound to `" + var + "`" + next
                : "run '" + name + "' " + saved + ", " + failed + (saved(run.record())
                ? "; %doctor " + name + " and %compare " + name + " still find it" : "") + next);
        return run;
    }

    /**
     * Trains one spec with the live view (when {@code spec.live}), diagnoses it before the engine saves it (one
     * save, findings included), and shows the end-of-run output (in place of the live chart when there was one).
     *
     * @param report false to skip the final output (sweep trials)
     */
    static TrainedRun train(MagicContext ctx, TrainSpec spec, ChartFormat format, LongSupplier clock, boolean report) {
        return train(ctx, spec, format, report, spec.live() ? LiveView.background(ctx, format, clock) : null);
    }

    /** {@link #train(MagicContext, TrainSpec, ChartFormat, LongSupplier, boolean)} with a given live view (or null). */
    static TrainedRun train(MagicContext ctx, TrainSpec spec, ChartFormat format, boolean report, LiveView view) {
        return train(ctx, spec, format, report, view, List.of());
    }

    /**
     * The whole {@code %train} path for one spec (live view when {@code spec.live}, doctor, save, final output),
     * with extra engine listeners called after the magic's own: the benchmark times this exact path.
     */
    public static TrainedRun trainWith(MagicContext ctx, TrainSpec spec, ChartFormat format, LongSupplier clock,
                                List<TrainingListener> extra) {
        return train(ctx, spec, format, true, spec.live() ? LiveView.background(ctx, format, clock) : null, extra);
    }

    static TrainedRun train(MagicContext ctx, TrainSpec spec, ChartFormat format, boolean report, LiveView view,
                     List<TrainingListener> extra) {
        RunRecord[] current = new RunRecord[1];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onFitStart(RunRecord run) {
                current[0] = run;
                if (view != null) view.start(run);
            }

            @Override
            public void onBatchEnd(StepRecord step) {
                if (view != null) view.step(current[0], step);
            }

            @Override
            public void onEpochEnd(EpochRecord epoch) {
                if (view != null) view.epoch(current[0], epoch);
            }
        };
        TrainedRun run;
        try {
            List<TrainingListener> listeners = new java.util.ArrayList<>();
            listeners.add(listener);
            listeners.addAll(extra);
            run = Trainbook.train(spec, listeners, true, rec -> diagnose(ctx, spec, rec));
        } catch (RuntimeException | Error e) {
            if (view != null && view.started() && current[0] != null) {
                view.finish(current[0], "failed: " + e.getClass().getSimpleName(), null);
            }
            throw e;
        }
        RunRecord rec = run.record();
        if (!saved(rec)) { // e.g. a read-only runs directory: the run is still shown and bound
            ctx.note("warning: run '" + rec.name() + "' was not saved (" + rec.saveError()
                    + "); its results are shown and bound, but %compare and %doctor will not find it");
        }
        ctx.session().state().lastRun(rec);
        String status = status(rec);
        Rich out = report ? Views.train(rec, format) : null;
        if (view != null && view.started()) {
            view.finish(rec, status, out);
        } else if (out != null) {
            ctx.display(out);
        }
        return run;
    }

    /**
     * The doctor's diagnosis of a finished run, before the loop saves it: a range test that ran on this model and
     * data before gives the LR suggestion the doctor compares with. A fault in a rule must not cost the user the run's
     * output: it is said in a note instead.
     */
    private static void diagnose(MagicContext ctx, TrainSpec spec, RunRecord rec) {
        if (Double.isNaN(rec.lrFinderSuggestion())) rec.lrFinderSuggestion(ctx.session().state().suggestionFor(spec));
        try {
            Diagnosis.run(rec);
        } catch (RuntimeException e) {
            ctx.note("the doctor could not diagnose run '" + rec.name() + "': " + e);
        }
    }

    /** False when the run could not be saved (e.g. a read-only runs directory). */
    static boolean saved(RunRecord r) {
        return r.saveError() == null;
    }

    /** {@code finished: completed}, {@code stopped: patience}, {@code failed: error}. */
    static String status(RunRecord r) {
        String reason = r.stopReason() == null ? "completed" : r.stopReason().label();
        String word = switch (reason) {
            case "completed" -> "finished";
            case "error" -> "failed";
            default -> "stopped";
        };
        return word + ": " + reason;
    }

    /** A run name as a Java identifier: {@code mlp-adam-1e-3-1} → {@code mlp_adam_1e_3_1}. */
    static String identifier(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_");
        if (!trainbook.magic.args.Keys.isIdentifier(s)) s = "run_" + s;
        return s;
    }
}
