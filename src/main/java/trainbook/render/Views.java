package trainbook.render;

import trainbook.engine.interpret.Interpretation;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.RunRecord;
import trainbook.render.chart.ChartKit;
import trainbook.render.chart.CompareCharts;
import trainbook.render.chart.InterpretCharts;
import trainbook.render.chart.TopLossGrid;
import trainbook.render.chart.LrFindChart;
import trainbook.render.chart.RunCharts;
import trainbook.render.chart.CompareVega;
import trainbook.render.chart.InterpretVega;
import trainbook.render.chart.VegaSpecs;
import trainbook.render.compare.Importance;
import trainbook.render.compare.Monitor;
import trainbook.render.compare.RunSet;
import trainbook.render.table.CompareTables;
import trainbook.render.table.FindingsView;
import trainbook.render.table.InterpretTables;
import trainbook.render.table.LrFindTable;
import trainbook.render.table.RunTables;

import java.util.ArrayList;
import java.util.List;

/**
 * The complete outputs of the magics, each one {@link Rich} (one HTML block with images as data URIs, plus a
 * text/plain form that reads well alone). The magic layer displays them as they are.
 */
public final class Views {
    private Views() {}

    /**
     * End of {@code %train}: the figure (loss curves with best epoch, stop reason and finding markers; LR schedule;
     * gradient norm), the hyperparameter + results table, and the diagnosis.
     */
    public static Rich train(RunRecord r, ChartFormat format) {
        if (r == null) throw new IllegalArgumentException("run record is null");
        return Rich.combine(List.of(RunCharts.figure(r, format), RunTables.render(r),
                FindingsView.render(r.name(), r.findings())));
    }

    /** How a bound run object shows itself again: the same as {@link #train}. */
    public static Rich run(RunRecord r) {
        return train(r, ChartFormat.PNG);
    }

    /**
     * {@code dry=true}: the resolved configuration and the LR schedule preview, without training.
     *
     * @param spec          the resolved spec
     * @param plan          planned LR per step
     * @param stepsPerEpoch steps per epoch (0 when unknown)
     * @param warmupSteps   warmup in steps (0 when none)
     * @param description   the schedule's one-line description
     */
    public static Rich dry(trainbook.engine.TrainSpec spec, double[] plan, int stepsPerEpoch, int warmupSteps,
                           String description, ChartFormat format) {
        if (plan == null) throw new IllegalArgumentException("schedule preview is null");
        String text = "dry run (no training): " + plan.length + " steps"
                + (stepsPerEpoch > 0 ? " = " + spec.epochs + " epochs × " + stepsPerEpoch + " steps" : "")
                + "; lr schedule " + description;
        if (plan.length > 0) {
            text += "; lr " + Fmt.num(plan[0]) + " → " + Fmt.num(plan[plan.length - 1]);
        }
        return Rich.combine(List.of(Rich.text(text), RunTables.config(spec, false).render(),
                ChartEncoder.encode(RunCharts.schedulePreview(plan, stepsPerEpoch, warmupSteps, description), format,
                        "LR schedule preview: " + description, VegaSpecs.preview(plan, description))));
    }

    /** The live chart of a run in progress (small, cheap). */
    public static Rich live(RunRecord r, ChartFormat format) {
        var steps = ChartKit.snapshot(r.steps());
        var epochs = ChartKit.snapshot(r.epochs());
        String text = r.name() + ": " + steps.size() + " steps, " + epochs.size() + "/" + r.plannedEpochs() + " epochs";
        if (!epochs.isEmpty()) {
            var e = epochs.get(epochs.size() - 1);
            text += ", train loss " + Fmt.val(e.trainLoss()) + (Double.isFinite(e.valLoss()) ? ", val loss " + Fmt.val(e.valLoss()) : "");
        }
        // drawn on the training thread every few seconds and replaced by the 2x loss chart at the end: 1x is enough
        var chart = RunCharts.liveChart(r);
        Rich img = format == ChartFormat.SVG ? ChartEncoder.encode(chart, format, text)
                : Rich.png(ChartEncoder.png(chart), text).withSize(Rich.PNG, chart.getWidth(), chart.getHeight());
        return img.with(Rich.VEGALITE, VegaSpecs.live(r));
    }

    /** {@code %lrfind}: the chart and the suggestions table. */
    public static Rich lrfind(LrFindResult r, ChartFormat format) {
        if (r == null) throw new IllegalArgumentException("lrfind result is null: run %lrfind first");
        return Rich.combine(List.of(ChartEncoder.encode(LrFindChart.chart(r), format, LrFindChart.text(r), VegaSpecs.lrfind(r)),
                LrFindTable.table(r).render()));
    }

    /**
     * {@code %compare}: overlaid curves, the leaderboard, the parallel-coordinates chart and the importance scores
     * (the last two only when some hyperparameter differs).
     */
    public static Rich compare(List<RunRecord> runs, Monitor monitor, ChartFormat format) {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("no runs to compare: give run names, all, or last=N");
        List<Rich> parts = new ArrayList<>();
        boolean acc = runs.stream().anyMatch(r -> ChartKit.snapshot(r.epochs()).stream()
                .anyMatch(e -> Double.isFinite(e.valAcc()) || Double.isFinite(e.trainAcc())));
        boolean parallel = !RunSet.differingKeys(runs).isEmpty() && runs.size() > 1;
        // each chart stays its own PNG output; in Vega-Lite frontends the first carries all of them as one linked
        // view (a run clicked in one view is highlighted in every view) and the others point to it
        Rich loss = ChartEncoder.encode(CompareCharts.overlay(runs, "loss"), format,
                "loss curves of " + runs.size() + " runs: " + names(runs), CompareVega.linkedCompare(runs, monitor, acc, parallel));
        parts.add(acc ? Rich.row(List.of(loss, ChartEncoder.encode(CompareCharts.overlay(runs, "acc"), format,
                "accuracy curves of " + runs.size() + " runs", CompareVega.inLinkedView("accuracy curves")))) : loss);
        parts.add(CompareTables.leaderboard(runs, monitor).render());
        if (parallel) {
            parts.add(ChartEncoder.encode(CompareCharts.parallel(runs, monitor), format,
                    "parallel coordinates of " + String.join(", ", RunSet.differingKeys(runs)) + " against best " + monitor.key(),
                    CompareVega.inLinkedView("parallel coordinates")));
            parts.add(CompareTables.importance(runs, monitor).render());
        }
        return Rich.combine(parts);
    }

    /** {@code %compare} ranked by the first run's {@code monitor} (val_loss when unset). */
    public static Rich compare(List<RunRecord> runs, ChartFormat format) {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("no runs to compare: give run names, all, or last=N");
        return compare(runs, Monitor.of(runs.get(0)), format);
    }

    /** While a sweep runs: the leaderboard so far. */
    public static Rich leaderboard(List<RunRecord> runs, Monitor monitor) {
        return CompareTables.leaderboard(runs, monitor).render();
    }

    /** Importance scores as plain data (see {@link Importance}). */
    public static List<Importance.Score> importance(List<RunRecord> runs, Monitor monitor) {
        return Importance.scores(runs, monitor);
    }

    /**
     * {@code %interpret}: for classification the confusion matrix (heat map beside the per-class metrics, then as a
     * table), the most confused pairs and the top losses (an image grid for image data, else a table with the
     * rows' features); for regression predicted vs actual and the largest residuals.
     */
    public static Rich interpret(Interpretation in, ChartFormat format) {
        if (in == null) throw new IllegalArgumentException("interpretation is null: run %interpret RUN first");
        List<Rich> parts = new ArrayList<>();
        parts.add(Rich.text(in.summary()));
        if (in.isClassification()) {
            Rich heat = ChartEncoder.encode(InterpretCharts.confusion(in), format,
                    "confusion matrix of " + in.run() + " (" + in.split() + ")", InterpretVega.confusion(in));
            parts.add(Rich.row(List.of(heat, InterpretTables.perClassView(in).render())));
            parts.add(InterpretTables.confusionView(in).render());
            if (!in.mostConfused().isEmpty()) parts.add(InterpretTables.confusedView(in).render());
            if (!in.topLosses().isEmpty()) {
                // drawn at the charts' density and shown at its logical size, as ChartEncoder does for the others
                java.awt.image.BufferedImage grid = TopLossGrid.image(in, ChartEncoder.DENSITY);
                Rich table = InterpretTables.topLossesView(in, grid == null).render();
                String spec = grid == null ? null : InterpretVega.topLosses(in);
                Rich img = grid == null ? null : Rich.png(TopLossGrid.png(grid), table.plain()).withSize(Rich.PNG,
                        grid.getWidth() / ChartEncoder.DENSITY, grid.getHeight() / ChartEncoder.DENSITY);
                parts.add(grid == null ? table : spec == null ? img : img.with(Rich.VEGALITE, spec));
            }
        } else {
            parts.add(ChartEncoder.encode(InterpretCharts.predictedVsActual(in), format,
                    "predicted vs actual of " + in.run() + " (" + in.split() + ")", InterpretVega.predictedVsActual(in)));
            if (!in.residuals().isEmpty()) parts.add(InterpretTables.residualsView(in).render());
        }
        return Rich.combine(parts);
    }

    private static String names(List<RunRecord> runs) {
        List<String> n = new ArrayList<>();
        for (RunRecord r : runs) n.add(r.name());
        return String.join(", ", n);
    }
}
