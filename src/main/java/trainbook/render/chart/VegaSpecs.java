package trainbook.render.chart;

import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.Json;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static trainbook.render.chart.VegaParts.*;

/**
 * Vega-Lite 5 specs of the same charts the PNGs show, for frontends that render
 * {@code application/vnd.vegalite.v5+json} natively (JupyterLab, VS Code): the same data, down-sampled like the
 * PNG ({@link RunCharts#MAX_POINTS} per curve), tooltips with the exact values, zoom and pan (drag, wheel) on
 * the loss and learning-rate curves, and in {@code %compare}'s charts a run highlighted by clicking it in the
 * legend or on a line. Colours are the PNGs' colours. Each spec carries its data inline (no URL, no CDN).
 * This class holds a single run's charts ({@code %train}, {@code %lrfind}); {@link CompareVega}, {@link StudyVega}
 * and {@link InterpretVega} hold the other magics' charts, {@link VegaParts} the blocks they share.
 */
public final class VegaSpecs {
    private VegaSpecs() {}

    /** The MIME type a spec is shown under. */
    public static final String MIME = "application/vnd.vegalite.v5+json";

    /** {@code %train}'s loss chart: per-step loss (smoothed), train/val loss and accuracy per epoch, best epoch, findings. */
    public static String loss(RunRecord r) {
        return Json.write(lossSpec(r, RunCharts.LOSS_W, RunCharts.LOSS_H, RunChartText.lossTitle(r), true));
    }

    /** The live chart of a run in progress (the same layers, smaller). */
    public static String live(RunRecord r) {
        return Json.write(lossSpec(r, RunCharts.LIVE_W, RunCharts.LIVE_H, (r.name() == null ? "training" : r.name())
                + " — epoch " + ChartKit.snapshot(r.epochs()).size() + "/" + r.plannedEpochs(), false));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lossSpec(RunRecord r, int w, int h, String title, boolean marks) {
        int spe = RunCharts.stepsPerEpoch(r);
        List<StepRecord> steps = ChartKit.snapshot(r.steps());
        List<EpochRecord> epochs = ChartKit.snapshot(r.epochs());
        double[] sx = new double[steps.size()], sy = new double[sx.length];
        for (int i = 0; i < sx.length; i++) {
            sx[i] = RunCharts.stepX(steps.get(i), spe);
            sy[i] = steps.get(i).loss();
        }
        double[][] ds = ChartKit.downsample(sx, ChartKit.ema(sy, RunCharts.STEP_BETA), RunCharts.MAX_POINTS);
        List<Map<String, Object>> loss = new ArrayList<>(), acc = new ArrayList<>();
        for (int i = 0; i < ds[0].length; i++) loss.add(row("series", "per step", "epoch", ds[0][i], "value", ds[1][i]));
        // the further metrics (metrics=: f1, top5, ... or mae, rmse, r2) share the right-hand axis, as in the PNG
        java.util.LinkedHashSet<String> metricKeys = new java.util.LinkedHashSet<>();
        for (EpochRecord e : epochs) metricKeys.addAll(e.metrics().keySet());
        boolean hasAcc = false;
        for (EpochRecord e : epochs) {
            if (Double.isFinite(e.trainLoss())) loss.add(row("series", "train loss", "epoch", e.epoch(), "value", e.trainLoss()));
            if (Double.isFinite(e.valLoss())) loss.add(row("series", "val loss", "epoch", e.epoch(), "value", e.valLoss()));
            if (Double.isFinite(e.trainAcc())) acc.add(row("series", "train acc", "epoch", e.epoch(), "value", e.trainAcc()));
            if (Double.isFinite(e.valAcc())) acc.add(row("series", "val acc", "epoch", e.epoch(), "value", e.valAcc()));
            hasAcc |= Double.isFinite(e.trainAcc()) || Double.isFinite(e.valAcc());
            for (String k : metricKeys) {
                double v = e.metric(k);
                if (Double.isFinite(v)) acc.add(row("series", k.replace('_', ' '), "epoch", e.epoch(), "value", v));
            }
        }
        Map<String, Object> axisEpochs = epochAxis(Math.max(ChartKit.maxFinite(sx), epochs.isEmpty() ? 1 : epochs.get(epochs.size() - 1).epoch()));
        List<String> names = new ArrayList<>(List.of("per step", "train loss", "val loss", "train acc", "val acc"));
        List<Color> colours = new ArrayList<>(List.of(ChartKit.LIGHT, ChartKit.TRAIN, ChartKit.VAL, ChartKit.ACC, ChartKit.ACC));
        int mi = 0;
        for (String k : metricKeys) {
            names.add(k.replace('_', ' '));
            colours.add(ChartKit.PALETTE[(3 + mi++) % ChartKit.PALETTE.length]);
        }
        Map<String, Object> color = colour(names, colours);
        // the loss layers share one y scale; accuracy (right axis) has its own
        List<Object> layers = new ArrayList<>();
        Map<String, Object> lossLayer = lineLayer(loss, "epoch", "loss", color, false, false);
        ((Map<String, Object>) enc(lossLayer).get("x")).put("axis", axisEpochs);
        lossLayer.put("params", List.of(zoom()));
        layers.add(lossLayer);
        List<Map<String, Object>> epochPoints = loss.stream().filter(m -> !"per step".equals(m.get("series"))).toList();
        if (!epochPoints.isEmpty()) layers.add(pointLayer(epochPoints, color, axisEpochs));
        Map<String, Object> accLayer = acc.isEmpty() ? null : accLayer(acc, hasAcc, color, axisEpochs);
        if (marks) layers.addAll(markLayers(r, epochs, ds, spe, axisEpochs));
        Map<String, Object> spec = base(title, w, h);
        if (accLayer == null) {
            spec.put("layer", layers);
        } else {
            spec.put("layer", List.of(map("layer", layers), accLayer));
            spec.put("resolve", map("scale", map("y", "independent", "color", "shared")));
        }
        return spec;
    }

    /** Accuracy and the further metrics on the right-hand axis (0..1 when accuracy is among them), lines and points. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> accLayer(List<Map<String, Object>> acc, boolean hasAcc, Map<String, Object> color,
                                                Map<String, Object> axisEpochs) {
        Map<String, Object> accLayer = lineLayer(acc, "epoch", "accuracy", color, false, false);
        ((Map<String, Object>) enc(accLayer).get("x")).put("axis", axisEpochs);
        enc(accLayer).put("y", hasAcc
                ? map("field", "value", "type", "quantitative", "title", "accuracy",
                "scale", map("domain", List.of(0, 1)), "axis", map("orient", "right"))
                : map("field", "value", "type", "quantitative", "title", "metrics", "scale", map("zero", false),
                "axis", map("orient", "right")));
        Map<String, Object> accPoints = pointLayer(acc, color, axisEpochs);
        enc(accPoints).put("y", enc(accLayer).get("y"));
        return map("layer", List.of(accLayer, accPoints));
    }

    /** The end-of-run marks on the loss axis: the best epoch's rule and a triangle at each finding. */
    private static List<Object> markLayers(RunRecord r, List<EpochRecord> epochs, double[][] ds, int spe,
                                           Map<String, Object> axisEpochs) {
        List<Object> layers = new ArrayList<>();
        int best = r.bestEpoch();
        if (best > 0 && best <= epochs.size()) {
            EpochRecord be = epochs.get(best - 1);
            double y = Double.isFinite(be.valLoss()) ? be.valLoss() : be.trainLoss();
            layers.add(map("data", map("values", List.of(row("what", "best epoch", "epoch", best, "value", y))),
                    "mark", map("type", "rule", "strokeDash", List.of(4, 3), "color", "#787878"),
                    "encoding", map("x", map("field", "epoch", "type", "quantitative", "axis", axisEpochs),
                            "tooltip", List.of(tip("what", "nominal"), tip("epoch", "quantitative"), tip("value", "quantitative")))));
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (Finding f : ChartKit.snapshot(r.findings())) {
            double x = f.step() >= 0 ? (spe > 0 ? (f.step() + 1) / (double) spe : f.step()) : f.epoch() >= 1 ? f.epoch() : Double.NaN;
            if (!Double.isFinite(x)) continue;
            double y = FindingMarkers.nearest(ds[0], ds[1], x);
            if (f.step() < 0 && f.epoch() >= 1 && f.epoch() <= epochs.size()) {
                EpochRecord e = epochs.get(f.epoch() - 1);
                y = Double.isFinite(e.valLoss()) ? e.valLoss() : e.trainLoss();
            }
            if (Double.isFinite(y)) found.add(row("rule", f.rule(), "severity", f.severity().label(), "epoch", x,
                    "value", y, "finding", f.message()));
        }
        if (!found.isEmpty()) {
            layers.add(map("data", map("values", found), "mark", map("type", "point", "shape", "triangle-up",
                            "filled", true, "size", 90, "strokeWidth", 0),
                    "encoding", map("x", map("field", "epoch", "type", "quantitative"),
                            "y", map("field", "value", "type", "quantitative"),
                            "fill", map("field", "severity", "type", "nominal", "title", "finding", "scale", map(
                                    "domain", List.of("info", "warning", "problem"),
                                    "range", List.of(hex(ChartKit.INFO), hex(ChartKit.WARNING), hex(ChartKit.PROBLEM)))),
                            "tooltip", List.of(tip("rule", "nominal"), tip("severity", "nominal"),
                                    tip("finding", "nominal"), tip("epoch", "quantitative"), tip("value", "quantitative")))));
        }
        return layers;
    }

    /** The learning rate applied at each step against the planned schedule (log y when it spans more than 20×). */
    public static String lr(RunRecord r) {
        List<StepRecord> steps = ChartKit.snapshot(r.steps());
        double[] plan = r.schedule();
        double[] ax = new double[steps.size()], ay = new double[ax.length], px = new double[plan.length];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = steps.get(i).step();
            ay[i] = steps.get(i).lr();
        }
        for (int i = 0; i < px.length; i++) px[i] = i;
        boolean log = ChartKit.wantsLog(RunCharts.concat(ay, plan), 20);
        List<Map<String, Object>> rows = new ArrayList<>();
        addCurve(rows, "planned", ChartKit.downsample(px, plan, RunCharts.MAX_POINTS), "step", "lr", log);
        addCurve(rows, "applied", ChartKit.downsample(ax, ay, RunCharts.MAX_POINTS), "step", "lr", log);
        Map<String, Object> layer = lineLayer(rows, "step", "lr", colour(List.of("planned", "applied"),
                List.of(ChartKit.GREY, ChartKit.TRAIN)), false, log, "step", "lr");
        layer.put("params", List.of(zoom()));
        Map<String, Object> spec = base("learning rate — sched=" + r.spec("sched", "none"), RunCharts.SMALL_W, RunCharts.SMALL_H);
        spec.put("layer", List.of(layer));
        return Json.write(spec);
    }

    /** The planned LR per step before training ({@code dry=true}). */
    public static String preview(double[] plan, String description) {
        double[] px = new double[plan.length];
        for (int i = 0; i < px.length; i++) px[i] = i;
        boolean log = ChartKit.wantsLog(plan, 20);
        List<Map<String, Object>> rows = new ArrayList<>();
        addCurve(rows, "planned lr", ChartKit.downsample(px, plan, RunCharts.MAX_POINTS), "step", "lr", log);
        Map<String, Object> layer = lineLayer(rows, "step", "lr", colour(List.of("planned lr"), List.of(ChartKit.TRAIN)),
                false, log, "step", "lr");
        layer.put("params", List.of(zoom()));
        Map<String, Object> spec = base("LR schedule preview — " + (description == null ? "" : description),
                RunCharts.SMALL_W, RunCharts.SMALL_H);
        spec.put("layer", List.of(layer));
        return Json.write(spec);
    }

    /** Global gradient norm at each sampled step, with the clip threshold when set. */
    public static String grad(RunRecord r) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (StepRecord s : ChartKit.snapshot(r.steps())) {
            if (Double.isFinite(s.gradNorm())) {
                xs.add((double) s.step());
                ys.add(s.gradNorm());
            }
        }
        double[] gx = ChartKit.toArray(xs), gy = ChartKit.toArray(ys);
        double clip = RunCharts.clipOf(r);
        boolean log = ChartKit.wantsLog(Double.isFinite(clip) ? RunCharts.concat(gy, new double[]{clip}) : gy, 100);
        List<Map<String, Object>> rows = new ArrayList<>();
        addCurve(rows, "grad norm", ChartKit.downsample(gx, gy, RunCharts.MAX_POINTS), "step", "norm", log);
        if (Double.isFinite(clip) && gx.length > 0) {
            rows.add(row("series", "clip", "step", gx[0], "norm", clip));
            rows.add(row("series", "clip", "step", gx[gx.length - 1], "norm", clip));
        }
        Map<String, Object> layer = lineLayer(rows, "step", "‖g‖", colour(List.of("grad norm", "clip"),
                List.of(ChartKit.TRAIN, ChartKit.PROBLEM)), false, log, "step", "norm");
        layer.put("params", List.of(zoom()));
        Map<String, Object> spec = base("gradient norm (global L2, before clipping)", RunCharts.SMALL_W, RunCharts.SMALL_H);
        spec.put("layer", List.of(layer));
        return Json.write(spec);
    }

    /** {@code %lrfind}: raw and smoothed loss against the LR (log x), every suggestion as a point with its rule. */
    public static String lrfind(LrFindResult r) {
        double[] lrs = r.lrs();
        List<Map<String, Object>> rows = new ArrayList<>();
        addCurve(rows, "loss (raw)", ChartKit.downsample(lrs, r.losses(), RunCharts.MAX_POINTS), "lr", "loss", true, false);
        addCurve(rows, "loss (smoothed)", ChartKit.downsample(lrs, r.smoothed(), RunCharts.MAX_POINTS), "lr", "loss", true, false);
        Map<String, Object> curves = lineLayer(rows, "learning rate (log)", "loss", colour(List.of("loss (raw)", "loss (smoothed)"),
                List.of(ChartKit.LIGHT, ChartKit.TRAIN)), true, false, "lr", "loss");
        curves.put("params", List.of(zoom()));
        double first = Double.NaN;
        for (double v : r.smoothed()) if (Double.isFinite(v)) { first = v; break; }
        if (Double.isFinite(first) && first > 0) {
            // as in the PNG: a diverging tail does not flatten the useful part (zoom out to see it)
            enc(curves).put("y", map("field", "loss", "type", "quantitative", "title", "loss",
                    "scale", map("domainMax", 3 * first, "clamp", true)));
        }
        List<Map<String, Object>> sug = new ArrayList<>();
        for (Map.Entry<String, Double> e : r.suggestions().entrySet()) {
            Double lr = e.getValue();
            if (lr == null || !Double.isFinite(lr) || lr <= 0) continue;
            double y = LrFindChart.atLr(lrs, r.smoothed(), lr);
            if (Double.isFinite(y)) sug.add(row("rule", e.getKey(), "lr", lr, "loss", y, "chosen", e.getKey().equals(r.rule())));
        }
        List<Object> layers = new ArrayList<>(List.of(curves));
        if (!sug.isEmpty()) {
            layers.add(map("data", map("values", sug), "mark", map("type", "point", "filled", true, "size", 80),
                    "encoding", map("x", map("field", "lr", "type", "quantitative", "scale", map("type", "log")),
                            "y", map("field", "loss", "type", "quantitative"),
                            "shape", map("field", "rule", "type", "nominal"),
                            "color", map("condition", map("test", "datum.chosen", "value", hex(ChartKit.PROBLEM)), "value", "#333333"),
                            "tooltip", List.of(tip("rule", "nominal"), tip("lr", "quantitative"), tip("loss", "quantitative"),
                                    tip("chosen", "nominal")))));
        }
        Map<String, Object> spec = base("LR range test — suggested " + trainbook.render.Fmt.num(r.suggested()) + " by " + r.rule(),
                LrFindChart.WIDTH, LrFindChart.HEIGHT);
        spec.put("layer", layers);
        return Json.write(spec);
    }
}
