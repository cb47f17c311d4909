package trainbook.magic;

import trainbook.engine.Trainbook;
import trainbook.engine.loop.Run;
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
        ChartFormat format = ChartFormat.parse(c.format);
        Comparison result = c.mode == CompareArgs.Mode.SAVED ? saved(c, format) : sweep(c, format);
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
            runs.addAll(c.all ? all : all.subList(Math.max(0, all.size() - c.last), all.size()));
        } else {
            for (String n : c.runs) {
                if (!names.contains(n)) {
                    throw new ArgException(n, "%compare: no saved run '" + n + "'" + Suggest.didYouMean(n, names)
                            + "; saved runs: " + (names.isEmpty() ? "none in " + store.dir() : String.join(", ", names)));
                }
                runs.add(store.load(n));
            }
        }
        Comparison result = new Comparison(runs, c.monitor);
        ctx.display(result.render(format));
        return result;
    }

    private Comparison sweep(CompareArgs c, ChartFormat format) {
        // resolve everything before the first trial runs, so a bad variable fails fast
        for (CompareArgs.Trial t : c.trials) {
            VariableBinder.bind(t.args(), ctx::lookup);
            MagicState.resolveLr(t.args().spec);
        }
        Monitor monitor = Monitor.parse(c.monitor);
        int n = c.trials.size();
        String progressId = ctx.display(Rich.text("sweep: " + n + " trials (" + c.search + " over "
                + String.join(", ", c.swept.keySet()) + ")"));
        String boardId = ctx.display(Rich.text("leaderboard: no trial finished yet"));
        List<RunRecord> done = new ArrayList<>();
        for (CompareArgs.Trial t : c.trials) {
            MagicArgs a = t.args();
            String label = "trial " + t.index() + "/" + n + " (" + CompareParser.describe(t.varied()) + ")";
            ctx.update(progressId, Rich.text(label + ": starting"));
            LiveView view = a.spec.live ? new LiveView(ctx, format, clock, false, progressId) : null;
            boolean interrupted;
            try (Run run = TrainMagic.train(ctx, a.spec, format, false, view)) {
                done.add(run.record());
                interrupted = run.record().stopReason() == StopReason.INTERRUPTED;
            }
            ctx.update(boardId, Rich.combine("leaderboard after " + done.size() + "/" + n + " trials",
                    List.of(Views.leaderboard(done, monitor))));
            if (interrupted) break; // the user stopped the cell: no further trials
        }
        String names = String.join(", ", done.stream().map(RunRecord::name).toList());
        ctx.update(progressId, Rich.text(done.size() == n
                ? "sweep done: " + n + " trials saved (" + names + ")"
                : "sweep interrupted after " + done.size() + "/" + n + " trials (saved: " + names + ")"));
        Comparison result = new Comparison(done, c.monitor);
        ctx.update(boardId, result.render(format));
        return result;
    }
}
