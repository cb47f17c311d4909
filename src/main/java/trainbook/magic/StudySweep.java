package trainbook.magic;

import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StopReason;
import trainbook.engine.store.RunStore;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.GridSampler;
import trainbook.engine.sweep.MedianPruner;
import trainbook.engine.sweep.Pruner;
import trainbook.engine.sweep.RandomSampler;
import trainbook.engine.sweep.Sampler;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.StudyListener;
import trainbook.engine.sweep.SuccessiveHalvingPruner;
import trainbook.engine.sweep.TpeSampler;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialHandle;
import trainbook.engine.sweep.TrialInterrupted;
import trainbook.engine.sweep.TrialPruned;
import trainbook.engine.sweep.TrialState;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.CompareArgs;
import trainbook.magic.args.CompareParser;
import trainbook.magic.args.MagicArgs;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.StudyViews;
import trainbook.render.compare.Monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code %compare} sweeps run as a study ({@code search=tpe}, {@code prune=}, {@code study=}): trains one trial at a
 * time through the {@code %train} path, reports each epoch's monitored metric to the study's pruner (a pruned trial
 * stops there and is saved with stop reason {@code pruned}), keeps a live leaderboard of every trial's state, and
 * ends with the comparison of the trials that finished an epoch plus the optimisation history and slice charts.
 * Each trial's {@link TrainedRun} (its model) is closed as soon as its record is kept.
 */
final class StudySweep {
    private final MagicContext ctx;
    private final LongSupplier clock;
    private final CompareArgs c;
    private final ChartFormat format;
    private final Monitor monitor;
    private final Direction direction;
    private final Map<Integer, RunRecord> records = new LinkedHashMap<>();
    private String progressId, boardId;
    private Study study;

    StudySweep(MagicContext ctx, LongSupplier clock, CompareArgs c, ChartFormat format) {
        this.ctx = ctx;
        this.clock = clock;
        this.c = c;
        this.format = format;
        this.monitor = Monitor.parse(c.monitor);
        this.direction = monitor.higherIsBetter() ? Direction.MAXIMIZE : Direction.MINIMIZE;
    }

    static Sampler sampler(String search, boolean multivariate) {
        return switch (search) {
            case "grid" -> new GridSampler();
            case "random" -> new RandomSampler();
            default -> multivariate ? TpeSampler.multivariate() : new TpeSampler();
        };
    }

    static Pruner pruner(String prune, Integer minEpochs, Integer eta) {
        return switch (prune) {
            // median: no judgement before epoch min_epochs (Optuna's warmup steps, with epochs counted from 1)
            case "median" -> new MedianPruner(5, minEpochs == null ? 0 : minEpochs, 1, 1);
            case "asha" -> new SuccessiveHalvingPruner(minEpochs == null ? 0 : minEpochs, eta == null ? 4 : eta, 0);
            default -> Pruner.NONE;
        };
    }

    Comparison run() {
        // resolve notebook variables and lr=lrfind once, before anything is saved, so a bad name fails fast
        MagicArgs probe = c.base.copy();
        VariableBinder.bind(probe, ctx::lookup);
        ctx.session().state().resolveLr(probe.spec);
        // backend=spark connects first: a master that cannot be used fails here, before the study is saved
        trainbook.engine.spark.SparkExecutor remote = c.backend.equals("spark") ? RemoteTrials.executor(ctx, c) : null;
        try {
            return run(remote);
        } finally {
            if (remote != null) {
                try {
                    remote.close();
                } catch (RuntimeException e) {
                    ctx.note("backend=spark: stopping Spark failed: " + e.getMessage());
                }
            }
        }
    }

    private Comparison run(trainbook.engine.sweep.TrialExecutor remote) {
        Study.Builder b = Study.builder().space(c.space).sampler(sampler(c.search, c.multivariate)).pruner(pruner(c.prune, c.minEpochs, c.eta))
                .direction(direction).seed(c.base.spec.seed()).metric(monitor.key()).listener(new Board());
        if (remote != null) b.executor(remote);
        try {
            if (c.study != null) b.name(c.study).persist(c.runsDir);
            study = b.build();
        } catch (IllegalArgumentException e) {
            throw new ArgException(c.study == null ? null : "study=" + c.study, e.getMessage());
        }
        for (String w : study.warnings()) ctx.note(w);
        loadEarlierRecords();
        int before = study.finishedCount();
        String what = c.search + " over " + String.join(", ", c.space.params().keySet())
                + (c.prune.equals("none") ? "" : ", prune=" + c.prune)
                + (remote == null ? "" : ", on Spark " + c.master + ", " + c.parallel + " in flight");
        progressId = ctx.display(Rich.text("study" + (c.study == null ? "" : " '" + c.study + "'") + ": " + c.trialCount
                + " trials (" + what + ")" + (before > 0 ? "; " + before + " done before, continuing" : "")));
        boardId = ctx.display(before > 0 ? board() : Rich.text("leaderboard: no trial finished yet"));
        if (before >= c.trialCount) {
            ctx.note("study '" + c.study + "' already has " + before + " finished trials: trials=" + c.trialCount
                    + " runs no more (raise trials= to continue it)");
        }
        try {
            study.optimize(remote == null ? this::trial
                    : new RemoteTrials(ctx, c, monitor, records, RemoteTrials.progress(ctx, () -> progressId)), c.trialCount);
        } catch (RuntimeException | Error e) {
            ctx.update(progressId, Rich.text("study stopped: a trial failed (" + e.getMessage() + "); "
                    + study.finishedCount() + " trials finished" + (c.study == null ? "" : " and saved; rerun to continue")));
            ctx.update(boardId, board());
            // backend=spark: a worker that cannot train (no natives) is the master's cluster's fault, not the trial's
            if (e instanceof trainbook.engine.sweep.TrialCannotRun && remote != null) {
                throw new ArgException("master=" + c.master, "master=" + c.master + ": " + e.getMessage());
            }
            throw e;
        }
        int done = study.finishedCount();
        String best = study.best().map(t -> "; best " + monitor.key() + " " + trainbook.render.Fmt.val(t.value())
                + " (trial " + t.number() + (t.run() == null ? "" : ", run " + t.run()) + ")").orElse("");
        long pruned = study.trials().stream().filter(t -> t.state() == TrialState.PRUNED).count();
        ctx.update(progressId, Rich.text((study.stopped()
                ? "study interrupted after " + done + "/" + c.trialCount + " trials" + (c.study == null ? "" : " (saved: rerun the same %compare to continue)")
                : "study done: " + done + " trials") + (before > 0 ? " (" + before + " from before)" : "") + (pruned > 0 ? ", " + pruned + " pruned" : "") + best));
        List<RunRecord> ranked = new ArrayList<>();
        for (Trial t : study.trials()) {
            RunRecord r = records.get(t.number());
            if (r != null && CompareMagic.hasEpoch(r)) ranked.add(r);
        }
        Comparison result = new Comparison(ranked, c.monitor);
        List<Rich> parts = new ArrayList<>();
        parts.add(board());
        if (study.trials().stream().anyMatch(t -> !Double.isNaN(t.score()))) {
            parts.add(StudyViews.charts(study.trials(), c.space, monitor.key(), direction, format));
        }
        if (!ranked.isEmpty()) parts.add(result.render(format));
        ctx.update(boardId, Rich.combine(parts));
        return result;
    }

    /** Records of trials finished in an earlier session, for the final comparison (missing ones are skipped). */
    private void loadEarlierRecords() {
        RunStore store = trainbook.engine.Trainbook.runs(c.runsDir);
        for (Trial t : study.trials()) {
            if (t.run() == null || !store.exists(t.run())) continue;
            try {
                records.put(t.number(), store.load(t.run()));
            } catch (IllegalArgumentException e) {
                ctx.note("trial " + t.number() + ": " + e.getMessage());
            }
        }
    }

    private Rich board() {
        return StudyViews.board(study.trials(), c.space, monitor.key(), direction, c.base.spec.epochs());
    }

    private double trial(TrialHandle h) {
        MagicArgs a = CompareParser.trialArgs(c, h.number(), h.params());
        VariableBinder.bind(a, ctx::lookup);
        ctx.session().state().resolveLr(a.spec);
        if (a.spec.name() != null) {
            RunStore store = trainbook.engine.Trainbook.runs(a.spec.runsDir());
            if (store.exists(a.spec.name())) store.delete(a.spec.name()); // left by a trial cut off in an earlier session
            h.run(a.spec.name());
        }
        String label = "trial " + h.number() + "/" + c.trialCount + " (" + CompareParser.describe(texts(h.params())) + ")";
        ctx.update(progressId, Rich.text(label + ": starting"));
        LiveView view = a.spec.live() ? new LiveView(ctx, format, clock, false, progressId) : null;
        TrainingListener reporter = new TrainingListener() {
            @Override
            public boolean pruneAfterEpoch(EpochRecord e) {
                double v = monitor.of(e);
                return h.report(e.epoch(), Double.isFinite(v) ? v : Double.NaN);
            }
        };
        RunRecord rec;
        try (TrainedRun run = TrainMagic.train(ctx, a.spec, format, false, view, List.of(reporter))) {
            rec = run.record();
        }
        if (a.spec.name() == null) h.run(rec.name());
        records.put(h.number(), rec);
        return outcome(h.number(), rec, monitor);
    }

    /**
     * What a finished trial's run tells the study, wherever it trained (here or on Spark): its best monitored
     * value, or the exception that says it was interrupted, pruned, or ended before its first epoch.
     */
    static double outcome(int number, RunRecord rec, Monitor monitor) {
        if (rec.stopReason() == StopReason.INTERRUPTED) throw new TrialInterrupted("interrupted");
        if (rec.stopReason() == StopReason.PRUNED) throw new TrialPruned();
        if (!CompareMagic.hasEpoch(rec)) {
            throw new IllegalStateException("trial " + number + " (" + rec.name() + ") stopped before its first epoch ("
                    + TrainMagic.status(rec) + ")");
        }
        return monitor.best(rec);
    }

    private static Map<String, String> texts(Map<String, Object> params) {
        Map<String, String> m = new LinkedHashMap<>();
        params.forEach((k, v) -> m.put(k, v instanceof Double d ? trainbook.engine.TrainSpec.num(d) : String.valueOf(v)));
        return m;
    }

    /** Redraws the leaderboard whenever a trial starts, reports an epoch or ends. */
    private final class Board implements StudyListener {
        @Override public void trialStarted(Trial t) { if (boardId != null) ctx.update(boardId, board()); }

        @Override public void trialReported(Trial t, int step, double value, boolean prune) {
            if (boardId != null) ctx.update(boardId, board());
        }

        @Override public void trialFinished(Trial t) { if (boardId != null) ctx.update(boardId, board()); }
    }
}
