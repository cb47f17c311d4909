package trainbook.magic;

import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StopReason;
import trainbook.engine.store.RunStore;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.CompareArgs;
import trainbook.magic.args.CompareParser;
import trainbook.magic.args.Magic;
import trainbook.magic.args.MagicArgs;
import trainbook.magic.args.Suggest;
import trainbook.magic.args.Token;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;
import trainbook.render.compare.Monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code %compare}: compares saved runs ({@code RUN ... | all | last=N}) or runs a sweep and compares its trials.
 * A sweep shows one progress line and a live leaderboard while trials run; every trial is saved in the run store.
 * The {@link Comparison} is bound to {@code as=NAME}, else to {@code comparison}.
 */
public final class CompareMagic {
    /** The variable a comparison is bound to when {@code as} is not given. */
    public static final String VARIABLE = "comparison";

    private final MagicContext ctx;
    private final LongSupplier clock;

    /** A %compare over {@code ctx}. */
    public CompareMagic(MagicContext ctx, LongSupplier clock) {
        this.ctx = ctx;
        this.clock = clock;
    }

    /** Runs the magic; returns the comparison, or null for help. */
    public Comparison run(List<Token> tokens) {
        try {
            return doRun(tokens);
        } catch (ArgException e) {
            throw e.withPrefix(Magic.COMPARE.spelling());
        }
    }

    private Comparison doRun(List<Token> tokens) {
        if (trainbook.magic.args.ArgParser.isHelp(tokens)) {
            ctx.display(HelpView.of(Magic.COMPARE));
            return null;
        }
        CompareArgs c = CompareParser.parse(tokens);
        MagicContext charts = StaticCharts.apply(ctx, c.charts);
        if (charts != ctx) return new CompareMagic(charts, clock).doRun(tokens); // charts=static: the same magic, images only
        ChartFormat format = ChartFormat.parse(c.format);
        Comparison result = c.mode == CompareArgs.Mode.SAVED ? saved(c, format)
                : c.isStudy() ? new StudySweep(ctx, clock, c, format).run() : sweep(c, format);
        String var = c.as != null ? c.as : VARIABLE;
        String failed = ctx.bind(var, result);
        if (failed != null) ctx.note(failed);
        return result;
    }

    private Comparison saved(CompareArgs c, ChartFormat format) {
        RunStore store = Trainbook.runs(c.runsDir);
        List<String> names = store.names();
        List<RunRecord> runs = new ArrayList<>();
        if (c.all || c.last != null) {
            List<RunRecord> all = store.loadAll();
            for (String w : store.warnings()) ctx.note(w);
            if (all.isEmpty()) {
                throw new ArgException(c.all ? "all" : "last=" + c.last, "%compare: no saved runs in " + store.dir()
                        + ": train some with %train first");
            }
            List<RunRecord> finished = all.stream().filter(CompareMagic::hasEpoch).toList();
            for (RunRecord r : all) if (!hasEpoch(r)) ctx.note("run '" + r.name() + "' has no finished epoch: not compared");
            if (finished.isEmpty()) {
                throw new ArgException(c.all ? "all" : "last=" + c.last, "%compare: no saved run in " + store.dir()
                        + " finished an epoch");
            }
            runs.addAll(c.all ? finished : finished.subList(Math.max(0, finished.size() - c.last), finished.size()));
        } else {
            for (String n : c.runs) {
                if (!names.contains(n)) {
                    throw new ArgException(n, "%compare: no saved run '" + n + "'" + Suggest.didYouMean(n, names)
                            + "; saved runs: " + (names.isEmpty() ? "none in " + store.dir() : String.join(", ", names)));
                }
                RunRecord r = store.load(n);
                if (!hasEpoch(r)) {
                    throw new ArgException(n, "%compare: run '" + n + "' has no finished epoch to compare (it stopped: "
                            + TrainMagic.status(r) + ")");
                }
                runs.add(r);
            }
        }
        Comparison result = new Comparison(runs, c.monitor);
        ctx.display(result.render(format));
        return result;
    }

    /** True when the run finished at least one epoch (so it has metrics to rank). */
    static boolean hasEpoch(RunRecord r) {
        return !r.epochs().isEmpty();
    }

    private Comparison sweep(CompareArgs c, ChartFormat format) {
        // resolve everything before the first trial runs, so a bad variable fails fast
        for (CompareArgs.Trial t : c.trials) {
            VariableBinder.bind(t.args(), ctx::lookup);
            ctx.session().state().resolveLr(t.args().spec);
        }
        Monitor monitor = Monitor.parse(c.monitor);
        int n = c.trials.size();
        String progressId = ctx.display(Rich.text("sweep: " + n + " trials (" + c.search + " over "
                + String.join(", ", c.swept.keySet()) + ")"));
        String boardId = ctx.display(Rich.text("leaderboard: no trial finished yet"));
        List<RunRecord> done = new ArrayList<>();
        int ran = 0;
        for (CompareArgs.Trial t : c.trials) {
            MagicArgs a = t.args();
            String label = "trial " + t.index() + "/" + n + " (" + CompareParser.describe(t.varied()) + ")";
            ctx.update(progressId, Rich.text(label + ": starting"));
            LiveView view = a.spec.live() ? new LiveView(ctx, format, clock, false, progressId) : null;
            boolean interrupted;
            TrainedRun trained;
            try {
                trained = TrainMagic.train(ctx, a.spec, format, false, view);
            } catch (RuntimeException | Error e) {
                ctx.update(progressId, Rich.text("sweep stopped: " + label + " failed (" + e.getMessage() + "); "
                        + ran + " trials finished before it"));
                throw e;
            }
            try (TrainedRun run = trained) {
                RunRecord rec = run.record();
                ran++;
                if (hasEpoch(rec)) done.add(rec);
                else ctx.note("trial " + t.index() + " (" + rec.name() + ") stopped before its first epoch ("
                        + TrainMagic.status(rec) + "): saved, not ranked");
                interrupted = rec.stopReason() == StopReason.INTERRUPTED;
            }
            if (!done.isEmpty()) {
                ctx.update(boardId, Rich.combine("leaderboard after " + ran + "/" + n + " trials",
                        List.of(Views.leaderboard(done, monitor))));
            }
            if (interrupted) break; // the user stopped the cell: no further trials
        }
        String names = String.join(", ", done.stream().map(RunRecord::name).toList());
        ctx.update(progressId, Rich.text(ran == n
                ? "sweep done: " + n + " trials saved (ranked: " + names + ")"
                : "sweep interrupted after " + ran + "/" + n + " trials (ranked: " + (names.isEmpty() ? "none" : names) + ")"));
        Comparison result = new Comparison(done, c.monitor);
        ctx.update(boardId, done.isEmpty() ? Rich.text("no trial finished an epoch: nothing to rank") : result.render(format));
        return result;
    }
}
