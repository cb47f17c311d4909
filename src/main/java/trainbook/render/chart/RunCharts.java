package trainbook.render.chart;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.ChartEncoder;
import trainbook.render.ChartFormat;
import trainbook.render.Fmt;
import trainbook.render.Rich;

import java.awt.Color;
import java.util.List;

/**
 * Charts of one training run.
 *
 * <p>Fixed sizes (pixels): loss chart {@value #LOSS_W}×{@value #LOSS_H}; LR schedule and gradient norm charts
 * {@value #SMALL_W}×{@value #SMALL_H}; live chart {@value #LIVE_W}×{@value #LIVE_H}.
 *
 * <p>X coordinates are in epochs: step {@code s} (0-based) of a run with {@code P} steps per epoch sits at
 * {@code (s+1)/P}, so per-step curves line up with per-epoch points drawn at the epoch number.
 */
public final class RunCharts {
    public static final int LOSS_W = 720, LOSS_H = 400;
    public static final int SMALL_W = 720, SMALL_H = 260;
    public static final int LIVE_W = 560, LIVE_H = 260;
    /** Most per-step points drawn in a chart; longer curves are bucket-averaged. */
    public static final int MAX_POINTS = 400;
    /** Smoothing of the per-step loss (debiased EMA). */
    public static final double STEP_BETA = 0.9;

    private RunCharts() {}

    /**
     * Train/val loss per epoch, the per-step loss (light, smoothed), accuracy on a right-hand axis for
     * classification, the best epoch marked, the stop reason in the title, and a marker for every finding that
     * points at a step or an epoch.
     */
    public static XYChart lossChart(RunRecord r) {
        XYChart c = ChartKit.newChart(LOSS_W, LOSS_H, RunChartText.lossTitle(r), "epoch", "loss");
        int spe = stepsPerEpoch(r);
        List<StepRecord> steps = ChartKit.snapshot(r.steps());
        List<EpochRecord> epochs = ChartKit.snapshot(r.epochs());

        double[] sx = new double[steps.size()], sy = new double[steps.size()];
        for (int i = 0; i < sx.length; i++) {
            sx[i] = stepX(steps.get(i), spe);
            sy[i] = steps.get(i).loss();
        }
        double[] smooth = ChartKit.ema(sy, STEP_BETA);
        double[][] ds = ChartKit.downsample(sx, smooth, MAX_POINTS);
        XYSeries stepSeries = ChartKit.line(c, "per step", ds[0], ds[1], ChartKit.LIGHT, false, false);
        if (stepSeries != null) stepSeries.setLineWidth(1.1f);

        double[] ex = new double[epochs.size()], tl = new double[ex.length], vl = new double[ex.length],
                ta = new double[ex.length], va = new double[ex.length];
        for (int i = 0; i < ex.length; i++) {
            EpochRecord e = epochs.get(i);
            ex[i] = e.epoch();
            tl[i] = e.trainLoss();
            vl[i] = e.valLoss();
            ta[i] = e.trainAcc();
            va[i] = e.valAcc();
        }
        XYSeries t = ChartKit.line(c, "train loss", ex, tl, ChartKit.TRAIN, false, false);
        if (t != null) t.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(ChartKit.TRAIN);
        XYSeries v = ChartKit.line(c, "val loss", ex, vl, ChartKit.VAL, false, false);
        if (v != null) v.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(ChartKit.VAL);

        clipExplodingTail(c, concat(sy, tl, vl));
        boolean hasAcc = addAccuracySeries(c, ex, ta, va);
        addMetricSeries(c, epochs, ex, hasAcc);
        markBestEpoch(c, r, epochs);

        List<ChartLayout.Label> labels = FindingMarkers.add(c, r, spe, sx, smooth, epochs);
        epochAxis(c, concat(sx, ex));
        ChartKit.ensureNonEmpty(c, "no loss recorded yet");
        ChartLayout.apply(c, true, labels);
        return c;
    }

    /** y range: ignores an exploding tail (above 20× the median loss) so that the useful part stays readable. */
    private static void clipExplodingTail(XYChart c, double[] losses) {
        double med = ChartKit.median(losses);
        double mx = ChartKit.maxFinite(losses);
        if (Double.isFinite(med) && med > 0 && mx > 20 * med) {
            c.getStyler().setYAxisMax(0, 20 * med);
            c.setTitle(c.getTitle() + " (y clipped at " + Fmt.val(20 * med) + ")");
        }
    }

    /** Train and validation accuracy on the right-hand 0–1 axis; false (nothing drawn) when no value is finite. */
    private static boolean addAccuracySeries(XYChart c, double[] ex, double[] ta, double[] va) {
        boolean hasAcc = false;
        for (double d : concat(ta, va)) if (Double.isFinite(d)) hasAcc = true;
        if (hasAcc) {
            XYSeries a = ChartKit.line(c, "train acc", ex, ta, ChartKit.ACC, false, false);
            if (a != null) {
                a.setYAxisGroup(1);
                a.setLineStyle(SeriesLines.DASH_DASH);
            }
            XYSeries b = ChartKit.line(c, "val acc", ex, va, ChartKit.ACC, false, false);
            if (b != null) {
                b.setYAxisGroup(1);
                b.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(ChartKit.ACC);
            }
            c.setYAxisGroupTitle(1, "accuracy");
            c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            c.getStyler().setYAxisMin(1, 0.0);
            c.getStyler().setYAxisMax(1, 1.0);
        }
        return hasAcc;
    }

    /** The best epoch: a vertical line and a square at its loss (validation when measured). */
    private static void markBestEpoch(XYChart c, RunRecord r, List<EpochRecord> epochs) {
        int best = r.bestEpoch();
        if (best > 0 && best <= epochs.size()) {
            EpochRecord be = epochs.get(best - 1);
            double y = Double.isFinite(be.valLoss()) ? be.valLoss() : be.trainLoss();
            String what = Double.isFinite(be.valLoss()) ? "val_loss " + Fmt.val(be.valLoss()) : "train_loss " + Fmt.val(be.trainLoss());
            c.addAnnotation(new AnnotationLine(best, true, false));
            XYSeries bs = ChartKit.points(c, "best: epoch " + best, new double[]{best}, new double[]{y},
                    new Color(0, 0, 0), SeriesMarkers.SQUARE, false, false);
            if (bs != null) bs.setYAxisGroup(0);
        }
    }

    /**
     * The further per-epoch metrics ({@code metrics=}: val_f1, val_top5, ... or val_mae, val_rmse, val_r2) on the
     * right-hand axis: beside accuracy (same 0–1 scale) for classification, on their own axis for regression.
     */
    static void addMetricSeries(XYChart c, List<EpochRecord> epochs, double[] ex, boolean hasAcc) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        for (EpochRecord e : epochs) keys.addAll(e.metrics().keySet());
        int i = 0;
        for (String k : keys) {
            double[] v = new double[epochs.size()];
            for (int j = 0; j < v.length; j++) v[j] = epochs.get(j).metric(k);
            XYSeries m = ChartKit.line(c, k.replace('_', ' '), ex, v, ChartKit.PALETTE[(3 + i++) % ChartKit.PALETTE.length],
                    false, false);
            if (m == null) continue;
            m.setYAxisGroup(1);
            m.setLineStyle(SeriesLines.DOT_DOT);
            m.setMarker(SeriesMarkers.NONE);
        }
        if (!keys.isEmpty() && !hasAcc) {
            c.setYAxisGroupTitle(1, "metrics");
            c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
    }

    /** X axis from 0 to the last whole epoch (labelled at whole epochs only: see {@link ChartLayout}). */
    static void epochAxis(XYChart c, double[] xs) {
        double mx = ChartKit.maxFinite(xs);
        if (!Double.isFinite(mx) || mx <= 0) return;
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(Math.ceil(mx - 1e-9));
    }

    /**
     * The learning rate actually applied at each step ({@code StepRecord.lr}) against the planned schedule
     * ({@code RunRecord.schedule}); log y axis when the LR spans more than 20×; warmup end marked.
     */
    public static XYChart lrChart(RunRecord r) {
        List<StepRecord> steps = ChartKit.snapshot(r.steps());
        double[] plan = r.schedule();
        double[] ax = new double[steps.size()], ay = new double[ax.length];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = steps.get(i).step();
            ay[i] = steps.get(i).lr();
        }
        double[] px = new double[plan.length];
        for (int i = 0; i < px.length; i++) px[i] = i;
        boolean log = ChartKit.wantsLog(concat(ay, plan), 20);
        String sched = r.spec("sched", "none");
        XYChart c = ChartKit.newChart(SMALL_W, SMALL_H, "learning rate — sched=" + sched
                + (r.warmupSteps() > 0 ? ", warmup " + r.warmupSteps() + " steps" : ""), "step", "lr");
        c.getStyler().setYAxisLogarithmic(log);
        double[][] dp = ChartKit.downsample(px, plan, MAX_POINTS);
        XYSeries p = ChartKit.line(c, "planned", dp[0], dp[1], ChartKit.GREY, false, log);
        if (p != null) p.setLineStyle(SeriesLines.DASH_DASH);
        double[][] da = ChartKit.downsample(ax, ay, MAX_POINTS);
        ChartKit.line(c, "applied", da[0], da[1], ChartKit.TRAIN, false, log);
        if (r.warmupSteps() > 0 && (ax.length > 0 || plan.length > 0)) c.addAnnotation(new AnnotationLine(r.warmupSteps(), true, false));
        if (log) c.getStyler().setYAxisDecimalPattern("0.#E0");
        else c.setCustomYAxisTickLabelsFormatter(Fmt::num);
        ChartKit.ensureNonEmpty(c, "no learning rate recorded");
        ChartLayout.apply(c, false, List.of());
        return c;
    }

    /**
     * Global gradient norm at each sampled step (NaN = not sampled, skipped), with the clip threshold when the
     * spec's {@code clip} is set; log y axis when norms span more than 100×.
     */
    public static XYChart gradChart(RunRecord r) {
        List<StepRecord> steps = ChartKit.snapshot(r.steps());
        List<Double> xs = ChartKit.list(), ys = ChartKit.list();
        for (StepRecord s : steps) {
            if (Double.isFinite(s.gradNorm())) {
                xs.add((double) s.step());
                ys.add(s.gradNorm());
            }
        }
        double[] gx = ChartKit.toArray(xs), gy = ChartKit.toArray(ys);
        double clip = clipOf(r);
        boolean log = ChartKit.wantsLog(Double.isFinite(clip) ? concat(gy, new double[]{clip}) : gy, 100);
        XYChart c = ChartKit.newChart(SMALL_W, SMALL_H, "gradient norm (global L2, before clipping)"
                + (gx.length > 0 ? " — median " + Fmt.val(ChartKit.median(gy)) + ", max " + Fmt.val(ChartKit.maxFinite(gy)) : ""),
                "step", "‖g‖");
        c.getStyler().setYAxisLogarithmic(log);
        double[][] d = ChartKit.downsample(gx, gy, MAX_POINTS);
        XYSeries g = ChartKit.line(c, "grad norm", d[0], d[1], ChartKit.TRAIN, false, log);
        if (g != null && d[0].length <= 60) g.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(ChartKit.TRAIN);
        if (Double.isFinite(clip) && gx.length > 0) {
            double x0 = gx[0], x1 = gx[gx.length - 1] == x0 ? x0 + 1 : gx[gx.length - 1];
            XYSeries cl = ChartKit.line(c, "clip = " + Fmt.num(clip), new double[]{x0, x1}, new double[]{clip, clip},
                    ChartKit.PROBLEM, false, log);
            if (cl != null) cl.setLineStyle(SeriesLines.DASH_DASH);
        }
        ChartKit.ensureNonEmpty(c, "no gradient norms sampled (grad_every=" + r.spec("grad_every", "?") + ")");
        ChartLayout.apply(c, false, List.of());
        return c;
    }

    /**
     * The planned learning rate per step before training ({@code dry=true}), {@value #SMALL_W}×{@value #SMALL_H}:
     * log y axis when it spans more than 20×, warmup end and epoch boundaries (up to 20) marked.
     *
     * @param plan          LR per step ({@code Schedule.preview(totalSteps)})
     * @param stepsPerEpoch steps per epoch, 0 when unknown
     * @param warmupSteps   warmup length in steps, 0 when none
     * @param description   the schedule's one-line description
     */
    public static XYChart schedulePreview(double[] plan, int stepsPerEpoch, int warmupSteps, String description) {
        if (plan == null) throw new IllegalArgumentException("schedule preview is null");
        double[] px = new double[plan.length];
        for (int i = 0; i < px.length; i++) px[i] = i;
        boolean log = ChartKit.wantsLog(plan, 20);
        XYChart c = ChartKit.newChart(SMALL_W, SMALL_H, "LR schedule preview — " + (description == null ? "" : description),
                "step", "lr");
        c.getStyler().setYAxisLogarithmic(log);
        double[][] d = ChartKit.downsample(px, plan, MAX_POINTS);
        ChartKit.line(c, "planned lr", d[0], d[1], ChartKit.TRAIN, false, log);
        if (warmupSteps > 0 && plan.length > 0) c.addAnnotation(new AnnotationLine(warmupSteps, true, false));
        if (stepsPerEpoch > 0 && plan.length > 0) {
            int epochs = (int) Math.ceil(plan.length / (double) stepsPerEpoch);
            if (epochs <= 20) {
                double[] ex = new double[epochs], ey = new double[epochs];
                for (int e = 0; e < epochs; e++) {
                    ex[e] = e * stepsPerEpoch;
                    ey[e] = plan[Math.min(plan.length - 1, e * stepsPerEpoch)];
                }
                ChartKit.points(c, "epoch start", ex, ey, ChartKit.VAL, SeriesMarkers.DIAMOND, false, log);
            }
        }
        if (log) c.getStyler().setYAxisDecimalPattern("0.#E0");
        else c.setCustomYAxisTickLabelsFormatter(Fmt::num);
        ChartKit.ensureNonEmpty(c, "empty schedule (0 steps)");
        ChartLayout.apply(c, false, List.of());
        return c;
    }

    /** The spec's {@code clip} as a number, NaN when off or absent. */
    static double clipOf(RunRecord r) {
        String v = r.spec("clip", "off");
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * A compact live chart of a run in progress: per-step training loss (smoothed, at most 200 points) and the
     * per-epoch train/val loss so far. Cheap enough to redraw every few seconds. Reads snapshots of the lists, so
     * it may be called from another thread while training appends.
     */
    public static XYChart liveChart(RunRecord r) {
        List<StepRecord> steps = ChartKit.snapshot(r.steps());
        List<EpochRecord> epochs = ChartKit.snapshot(r.epochs());
        int spe = stepsPerEpoch(r);
        double[] sx = new double[steps.size()], sy = new double[sx.length];
        for (int i = 0; i < sx.length; i++) {
            sx[i] = stepX(steps.get(i), spe);
            sy[i] = steps.get(i).loss();
        }
        double[] ex = new double[epochs.size()], tl = new double[ex.length], vl = new double[ex.length],
                va = new double[ex.length];
        for (int i = 0; i < ex.length; i++) {
            ex[i] = epochs.get(i).epoch();
            tl[i] = epochs.get(i).trainLoss();
            vl[i] = epochs.get(i).valLoss();
            va[i] = epochs.get(i).valAcc();
        }
        String title = (r.name() == null ? "training" : r.name()) + " — epoch "
                + (steps.isEmpty() ? 0 : steps.get(steps.size() - 1).epoch()) + "/" + r.plannedEpochs();
        return liveChart(title, sx, sy, ex, tl, vl, va);
    }

    /**
     * The live chart from plain arrays: step positions (in epochs) and losses, epoch numbers with their train and
     * validation losses (NaN where none).
     */
    public static XYChart liveChart(String title, double[] stepX, double[] stepLoss, double[] epochX,
                                    double[] epochTrain, double[] epochVal) {
        return liveChart(title, stepX, stepLoss, epochX, epochTrain, epochVal, new double[0]);
    }

    /** As above, plus the validation accuracy per epoch on a right-hand axis (drawn when any value is finite). */
    public static XYChart liveChart(String title, double[] stepX, double[] stepLoss, double[] epochX,
                                    double[] epochTrain, double[] epochVal, double[] epochValAcc) {
        XYChart c = ChartKit.newChart(LIVE_W, LIVE_H, title, "epoch", "loss");
        c.getStyler().setAntiAlias(true);
        double[] sm = ChartKit.ema(stepLoss, STEP_BETA);
        double[][] d = ChartKit.downsample(stepX, sm, 200);
        ChartKit.line(c, "train (step)", d[0], d[1], ChartKit.LIGHT, false, false);
        XYSeries t = ChartKit.line(c, "train", epochX, epochTrain, ChartKit.TRAIN, false, false);
        if (t != null) t.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(ChartKit.TRAIN);
        XYSeries v = ChartKit.line(c, "val", epochX, epochVal, ChartKit.VAL, false, false);
        if (v != null) v.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(ChartKit.VAL);
        XYSeries acc = ChartKit.line(c, "val acc", epochX, epochValAcc, ChartKit.ACC, false, false);
        if (acc != null) {
            acc.setYAxisGroup(1);
            acc.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(ChartKit.ACC);
            c.setYAxisGroupTitle(1, "accuracy");
            c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            c.getStyler().setYAxisMin(1, 0.0);
            c.getStyler().setYAxisMax(1, 1.0);
        }
        double med = ChartKit.median(stepLoss), mx = ChartKit.maxFinite(concat(stepLoss, epochTrain, epochVal));
        if (Double.isFinite(med) && med > 0 && mx > 20 * med) c.getStyler().setYAxisMax(20 * med);
        epochAxis(c, concat(stepX, epochX));
        ChartKit.ensureNonEmpty(c, "waiting for the first steps…");
        ChartLayout.applyLive(c, true);
        return c;
    }

    /**
     * The end-of-run figure: loss chart, LR schedule and gradient norm, as one HTML block of images (data URIs)
     * with a plain-text summary.
     */
    public static Rich figure(RunRecord r, ChartFormat format) {
        Rich loss = ChartEncoder.encode(lossChart(r), format, RunChartText.lossText(r), VegaSpecs.loss(r));
        Rich lr = ChartEncoder.encode(lrChart(r), format, RunChartText.lrText(r), VegaSpecs.lr(r));
        Rich grad = ChartEncoder.encode(gradChart(r), format, RunChartText.gradText(r), VegaSpecs.grad(r));
        return Rich.combine(List.of(loss, Rich.row(List.of(lr, grad))));
    }

    static int stepsPerEpoch(RunRecord r) {
        if (r.stepsPerEpoch() > 0) return r.stepsPerEpoch();
        int mx = 0;
        for (StepRecord s : ChartKit.snapshot(r.steps())) mx = Math.max(mx, s.batch() + 1);
        return mx;
    }

    static double stepX(StepRecord s, int spe) {
        if (spe <= 0) return s.step();
        return (s.epoch() - 1) + (s.batch() + 1) / (double) spe;
    }

    static double[] concat(double[]... arrays) {
        int n = 0;
        for (double[] a : arrays) n += a.length;
        double[] out = new double[n];
        int k = 0;
        for (double[] a : arrays) {
            System.arraycopy(a, 0, out, k, a.length);
            k += a.length;
        }
        return out;
    }
}
