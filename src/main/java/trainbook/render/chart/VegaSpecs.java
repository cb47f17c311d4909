package trainbook.render.chart;

import trainbook.engine.interpret.Interpretation;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.Param;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialState;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.Json;
import trainbook.render.compare.Monitor;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vega-Lite 5 specs of the same charts the PNGs show, for frontends that render
 * {@code application/vnd.vegalite.v5+json} natively (JupyterLab, VS Code): the same data, down-sampled like the
 * PNG ({@link RunCharts#MAX_POINTS} per curve), tooltips with the exact values, zoom and pan (drag, wheel) on
 * the loss and learning-rate curves, and in {@code %compare}'s charts a run highlighted by clicking it in the
 * legend or on a line. Colours are the PNGs' colours. Each spec carries its data inline (no URL, no CDN).
 */
public final class VegaSpecs {
    private VegaSpecs() {}

    /** The MIME type a spec is shown under. */
    public static final String MIME = "application/vnd.vegalite.v5+json";
    static final String SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
    /**
     * Epoch axes: whole epochs only, as in the PNG, every 1, 2, 5, 10, … epochs so that at most about 8 are labelled
     * (explicit values: Vega's own ticks put several labels on one epoch once rounded).
     */
    static Map<String, Object> epochAxis(double maxEpoch) {
        long max = Math.max(1, (long) Math.ceil(maxEpoch - 1e-9));
        long step = 1;
        for (long decade = 1; ; decade *= 10) {
            if (max / decade <= 8) { step = decade; break; }
            if (max / (2 * decade) <= 8) { step = 2 * decade; break; }
            if (max / (5 * decade) <= 8) { step = 5 * decade; break; }
        }
        List<Long> values = new ArrayList<>();
        for (long v = 0; v <= max; v += step) values.add(v);
        return map("values", values, "format", "d");
    }

    /** {@code %train}'s loss chart: per-step loss (smoothed), train/val loss and accuracy per epoch, best epoch, findings. */
    public static String loss(RunRecord r) {
        return Json.write(lossSpec(r, RunCharts.LOSS_W, RunCharts.LOSS_H, RunCharts.lossTitle(r), true));
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
        Map<String, Object> accLayer = null;
        if (!acc.isEmpty()) {
            accLayer = lineLayer(acc, "epoch", "accuracy", color, false, false);
            ((Map<String, Object>) enc(accLayer).get("x")).put("axis", axisEpochs);
            enc(accLayer).put("y", hasAcc
                    ? map("field", "value", "type", "quantitative", "title", "accuracy",
                    "scale", map("domain", List.of(0, 1)), "axis", map("orient", "right"))
                    : map("field", "value", "type", "quantitative", "title", "metrics", "scale", map("zero", false),
                    "axis", map("orient", "right")));
            Map<String, Object> accPoints = pointLayer(acc, color, axisEpochs);
            enc(accPoints).put("y", enc(accLayer).get("y"));
            accLayer = map("layer", List.of(accLayer, accPoints));
        }
        if (marks) {
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
                double y = RunCharts.nearest(ds[0], ds[1], x);
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
        }
        Map<String, Object> spec = base(title, w, h);
        if (accLayer == null) {
            spec.put("layer", layers);
        } else {
            spec.put("layer", List.of(map("layer", layers), accLayer));
            spec.put("resolve", map("scale", map("y", "independent", "color", "shared")));
        }
        return spec;
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

    /**
     * {@code %compare}'s overlay: one colour per run (the PNG's), validation solid and training dashed; clicking a
     * run in the legend (or a line) highlights it and fades the others.
     */
    public static String overlay(List<RunRecord> runs, String what) {
        Map<String, Object> unit = overlayUnit(runs, what);
        unit.put("params", List.of(zoom(), highlight()));
        return Json.write(single(unit, CompareCharts.WIDTH, CompareCharts.HEIGHT));
    }

    /**
     * {@code %compare}'s parallel coordinates: the same normalised axes as the PNG (better up on the metric axis),
     * each run in its colour, the raw value of every hyperparameter in the tooltip; click a run to highlight it.
     */
    public static String parallel(List<RunRecord> runs, Monitor monitor) {
        Map<String, Object> unit = parallelUnit(runs, monitor);
        unit.put("params", List.of(highlight()));
        return Json.write(single(unit, CompareCharts.WIDTH, CompareCharts.HEIGHT));
    }

    /** Name of the run selection every comparison view shares. */
    public static final String RUN_PARAM = "run";

    /**
     * {@code %compare}'s views as one linked chart: the loss overlay, the accuracy overlay (when {@code acc}) and
     * the parallel coordinates (when {@code parallel}) concatenated in one Vega-Lite view that shares one point
     * selection on the run field ({@value #RUN_PARAM}, bound to the legend and to clicks on any view's lines and
     * points): the selected run stays opaque in every view while the others fade; shift-click adds runs,
     * double-click clears. Separate outputs cannot share a selection (each is its own Vega view in the frontend),
     * which is why the comparison's interactive form is this one spec.
     */
    public static String linkedCompare(List<RunRecord> runs, Monitor monitor, boolean acc, boolean parallel) {
        List<Map<String, Object>> units = new ArrayList<>();
        units.add(overlayUnit(runs, "loss"));
        if (acc) units.add(overlayUnit(runs, "acc"));
        if (parallel) units.add(parallelUnit(runs, monitor));
        if (units.size() == 1) {
            Map<String, Object> unit = units.get(0);
            unit.put("params", List.of(zoom(), highlight()));
            return Json.write(single(unit, CompareCharts.WIDTH, CompareCharts.HEIGHT));
        }
        List<String> views = new ArrayList<>();
        String[] names = {"loss", acc ? "acc" : "parallel", "parallel"};
        for (int i = 0; i < units.size(); i++) {
            Map<String, Object> u = units.get(i);
            u.put("name", names[i]);
            views.add(names[i]);
            boolean overlay = !names[i].equals("parallel");
            // zoom and pan stay per overlay (each has its own scales); the run selection is shared
            if (overlay) u.put("params", List.of(zoom("zoom_" + names[i])));
            u.put("width", overlay && acc ? LINKED_W : 2 * LINKED_W + LINKED_GAP);
            u.put("height", LINKED_H);
        }
        List<Object> rows = new ArrayList<>();
        rows.add(acc ? map("hconcat", List.of(units.get(0), units.get(1)), "spacing", LINKED_GAP) : units.get(0));
        if (parallel) rows.add(units.get(units.size() - 1));
        Map<String, Object> spec = map("$schema", SCHEMA,
                "title", map("text", runs.size() + " runs compared: click a run (line, point or legend) to highlight it in every view",
                        "anchor", "start"),
                "config", map("font", "sans-serif", "view", map("stroke", "#c8c8c8")),
                "params", List.of(map("name", RUN_PARAM, "select", runSelect(), "bind", "legend", "views", views)),
                "vconcat", rows);
        return Json.write(spec);
    }

    /**
     * What a further comparison chart carries in a Vega-Lite frontend: a one-line pointer to the linked view
     * {@link #linkedCompare} already draws it in (so such frontends show each chart once, interactively and linked),
     * while frontends without Vega-Lite show this output's own PNG.
     */
    public static String inLinkedView(String what) {
        Map<String, Object> spec = map("$schema", SCHEMA, "width", 560, "height", 18,
                "config", map("font", "sans-serif", "view", map("stroke", "transparent")),
                "data", map("values", List.of(map("note", what + ": drawn in the linked comparison view above "
                        + "(click a run there to highlight it in every view)"))),
                "mark", map("type", "text", "align", "left", "baseline", "middle", "x", 0, "y", 9, "fontSize", 12,
                        "color", "#555555"),
                "encoding", map("text", map("field", "note", "type", "nominal")));
        spec.put("description", "linked-view pointer: " + what);
        return Json.write(spec);
    }

    static final int LINKED_W = 330, LINKED_H = 220, LINKED_GAP = 40;

    private static Map<String, Object> overlayUnit(List<RunRecord> runs, String what) {
        boolean acc = "acc".equals(what);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            String name = runName(r, i);
            names.add(name);
            for (EpochRecord e : ChartKit.snapshot(r.epochs())) {
                double tr = acc ? e.trainAcc() : e.trainLoss(), va = acc ? e.valAcc() : e.valLoss();
                if (Double.isFinite(va)) rows.add(row("run", name, "split", "val", "epoch", e.epoch(), "value", va));
                if (Double.isFinite(tr)) rows.add(row("run", name, "split", "train", "epoch", e.epoch(), "value", tr));
            }
        }
        String y = acc ? "accuracy" : "loss";
        double maxEpoch = 1;
        for (Map<String, Object> row : rows) maxEpoch = Math.max(maxEpoch, ((Number) row.get("epoch")).doubleValue());
        Map<String, Object> axisEpochs = epochAxis(maxEpoch);
        return map("title", y + " of " + runs.size() + " runs (val solid, train dashed)",
                "data", map("values", rows),
                "mark", map("type", "line", "point", true, "strokeWidth", 2),
                "encoding", map(
                        "x", map("field", "epoch", "type", "quantitative", "title", "epoch", "axis", axisEpochs),
                        "y", map("field", "value", "type", "quantitative", "title", y, "scale", map("zero", false)),
                        "color", runColours(names),
                        "strokeDash", map("field", "split", "type", "nominal", "scale", map("domain", List.of("val", "train"),
                                "range", List.of(List.of(1, 0), List.of(5, 3))), "title", "split"),
                        "detail", map("field", "run"),
                        "opacity", highlighted(),
                        "tooltip", List.of(tip("run", "nominal"), tip("split", "nominal"), tip("epoch", "quantitative"),
                                map("field", "value", "type", "quantitative", "title", y))));
    }

    private static Map<String, Object> parallelUnit(List<RunRecord> runs, Monitor monitor) {
        List<CompareCharts.Axis> axes = CompareCharts.axes(runs, monitor);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(), order = new ArrayList<>();
        for (CompareCharts.Axis a : axes) order.add(a.name);
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            String name = runName(r, i);
            names.add(name);
            for (int a = 0; a < axes.size(); a++) {
                CompareCharts.Axis ax = axes.get(a);
                String raw = a == axes.size() - 1 ? trainbook.render.Fmt.val(monitor.best(r))
                        : ax.name.equals("run") ? name : r.spec().getOrDefault(ax.name, "");
                if (Double.isFinite(ax.pos[i])) rows.add(row("run", name, "axis", ax.name, "position", ax.pos[i], "value", raw));
            }
        }
        return map("title", "hyperparameters vs best " + monitor.key() + " (better is up on the last axis)",
                "data", map("values", rows),
                "mark", map("type", "line", "point", true, "strokeWidth", 2),
                "encoding", map(
                        "x", map("field", "axis", "type", "nominal", "sort", order, "title", NO_TITLE,
                                "axis", map("labelAngle", 0, "orient", "top")),
                        "y", map("field", "position", "type", "quantitative", "axis", hiddenAxis(), "scale", map("domain", List.of(0, 1))),
                        "color", runColours(names),
                        "detail", map("field", "run"),
                        "opacity", highlighted(),
                        "tooltip", List.of(tip("run", "nominal"), tip("axis", "nominal"), tip("value", "nominal"))));
    }

    /** Opaque when the run is selected (or nothing is), faded otherwise. */
    private static Map<String, Object> highlighted() {
        return map("condition", map("param", RUN_PARAM, "value", 1), "value", 0.15);
    }

    private static String runName(RunRecord r, int i) {
        return r.name() == null ? "run " + (i + 1) : r.name();
    }

    /** A one-view spec: {@code unit} (which carries its title) with the schema, size and config. */
    private static Map<String, Object> single(Map<String, Object> unit, int w, int h) {
        Map<String, Object> spec = base((String) unit.remove("title"), w, h);
        spec.put("layer", List.of(unit));
        return spec;
    }

    /**
     * A study's optimisation history: each complete trial's objective, each pruned trial's last value (lighter)
     * and the best so far; trial numbers are labelled as whole numbers; the tooltip names the trial's parameters.
     */
    public static String history(List<Trial> trials, String metric, Direction direction) {
        List<Map<String, Object>> points = new ArrayList<>(), best = new ArrayList<>();
        double b = Double.NaN;
        int maxTrial = 1;
        for (Trial t : trials) {
            maxTrial = Math.max(maxTrial, t.number());
            if (t.state() == TrialState.COMPLETE) {
                if (Double.isFinite(t.value())) points.add(trialRow(t, t.value()));
                if (direction.better(t.value(), b)) b = t.value();
            } else if (t.state() == TrialState.PRUNED && Double.isFinite(t.score())) {
                points.add(trialRow(t, t.score()));
            }
            if (Double.isFinite(b)) best.add(row("series", "best so far", "trial", t.number(), "value", b));
        }
        Map<String, Object> axis = epochAxis(maxTrial);
        Map<String, Object> x = map("field", "trial", "type", "quantitative", "title", "trial", "axis", axis);
        Map<String, Object> y = map("field", "value", "type", "quantitative", "title", metric, "scale", map("zero", false));
        List<Object> layers = new ArrayList<>();
        layers.add(map("data", map("values", best), "mark", map("type", "line", "interpolate", "step-after", "strokeWidth", 1.8),
                "params", List.of(zoom()),
                "encoding", map("x", x, "y", y, "color", map("value", hex(ChartKit.VAL)),
                        "tooltip", List.of(tip("series", "nominal"), tip("trial", "quantitative"), tip("value", "quantitative")))));
        layers.add(map("data", map("values", points), "mark", map("type", "point", "filled", true, "size", 50),
                "encoding", map("x", x, "y", y, "color", stateColours(), "shape", map("field", "state", "type", "nominal",
                                "scale", map("domain", List.of("complete", "pruned"), "range", List.of("circle", "diamond"))),
                        "tooltip", List.of(tip("trial", "quantitative"), tip("state", "nominal"), tip("value", "quantitative"),
                                tip("params", "nominal")))));
        Map<String, Object> spec = base("optimisation history: " + metric, StudyCharts.WIDTH, StudyCharts.HEIGHT);
        spec.put("layer", layers);
        return Json.write(spec);
    }

    /** One parameter's slice: the objective against its value (log axis for log ranges, choices in their order). */
    public static String slice(List<Trial> trials, String name, Param param, String metric) {
        boolean choice = param instanceof Param.Choice;
        List<Map<String, Object>> points = new ArrayList<>();
        for (Trial t : trials) {
            Object v = t.params().get(name);
            if (v == null || !Double.isFinite(t.score())) continue;
            if (t.state() != TrialState.COMPLETE && t.state() != TrialState.PRUNED) continue;
            Map<String, Object> r = trialRow(t, t.score());
            r.put("x", choice ? String.valueOf(v) : ((Number) v).doubleValue());
            if (!choice && param.log() && !(((Number) v).doubleValue() > 0)) continue;
            points.add(r);
        }
        Map<String, Object> x = choice
                ? map("field", "x", "type", "nominal", "title", name, "sort", ((Param.Choice) param).values(),
                "scale", map("domain", ((Param.Choice) param).values()), "axis", map("labelAngle", 0))
                : map("field", "x", "type", "quantitative", "title", name + (param.log() ? " (log)" : ""),
                "scale", param.log() ? map("type", "log") : map("zero", false));
        if (param instanceof Param.IntRange && !param.log()) x.put("axis", map("format", "d", "tickMinStep", 1));
        Map<String, Object> spec = base(name, StudyCharts.SLICE_WIDTH, StudyCharts.SLICE_HEIGHT);
        spec.put("width", Math.max(160, StudyCharts.SLICE_WIDTH - 120));
        spec.put("data", map("values", points));
        spec.put("mark", map("type", "point", "filled", true, "size", 50));
        spec.put("encoding", map("x", x,
                "y", map("field", "value", "type", "quantitative", "title", metric, "scale", map("zero", false)),
                "color", stateColours(),
                "tooltip", List.of(tip("trial", "quantitative"), tip("state", "nominal"),
                        map("field", "x", "type", choice ? "nominal" : "quantitative", "title", name),
                        tip("value", "quantitative"), tip("params", "nominal"))));
        return Json.write(spec);
    }

    /** The confusion matrix: actual classes down (first on top), predicted across, counts coloured and written. */
    public static String confusion(Interpretation in) {
        List<String> names = in.classNames();
        long[][] cm = in.confusion();
        List<Map<String, Object>> cells = new ArrayList<>();
        long max = 1;
        for (int a = 0; a < names.size(); a++) {
            long total = 0;
            for (long v : cm[a]) total += v;
            for (int p = 0; p < names.size(); p++) {
                max = Math.max(max, cm[a][p]);
                cells.add(row("actual", names.get(a), "predicted", names.get(p), "count", cm[a][p],
                        "share of actual", total == 0 ? 0.0 : cm[a][p] / (double) total));
            }
        }
        int k = names.size(), cell = k <= 4 ? 70 : k <= 10 ? 44 : Math.max(14, 440 / k);
        Map<String, Object> enc = map(
                "x", map("field", "predicted", "type", "nominal", "sort", names, "title", "predicted",
                        "axis", map("labelAngle", k > 4 ? -45 : 0)),
                "y", map("field", "actual", "type", "nominal", "sort", names, "title", "actual"));
        Map<String, Object> rect = map("mark", "rect", "encoding", map(
                "color", map("field", "count", "type", "quantitative", "title", "count", "scale", map("domain", List.of(0, max),
                        "range", List.of("#f7fbff", "#9ecae1", "#2171b5"))),
                "tooltip", List.of(tip("actual", "nominal"), tip("predicted", "nominal"), tip("count", "quantitative"),
                        map("field", "share of actual", "type", "quantitative", "format", ".1%"))));
        List<Object> layers = new ArrayList<>(List.of(rect));
        if (k <= 20) {
            layers.add(map("mark", map("type", "text", "fontSize", k <= 10 ? 11 : 8, "color", "#1e1e1e"),
                    "encoding", map("text", map("field", "count", "type", "quantitative"))));
        }
        Map<String, Object> spec = base("confusion matrix: " + in.run() + " (" + in.split() + ", " + in.size() + " samples)", 0, 0);
        spec.put("width", cell * k);
        spec.put("height", cell * k);
        spec.put("data", map("values", cells));
        spec.put("encoding", enc);
        spec.put("layer", layers);
        return Json.write(spec);
    }

    /** Regression: predicted against actual (the PNG's samples) with the line predicted = actual. */
    public static String predictedVsActual(Interpretation in) {
        float[] a = in.actualValues(), p = in.predictedValues();
        int n = a.length, step = Math.max(1, (n + InterpretCharts.MAX_POINTS - 1) / InterpretCharts.MAX_POINTS);
        List<Map<String, Object>> pts = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[i]) || !Float.isFinite(p[i])) continue;
            lo = Math.min(lo, Math.min(a[i], p[i]));
            hi = Math.max(hi, Math.max(a[i], p[i]));
            if (i % step == 0) pts.add(row("sample", i, "actual", (double) a[i], "predicted", (double) p[i],
                    "residual", (double) p[i] - a[i]));
        }
        Map<String, Object> x = map("field", "actual", "type", "quantitative", "title", "actual", "scale", map("zero", false));
        Map<String, Object> y = map("field", "predicted", "type", "quantitative", "title", "predicted", "scale", map("zero", false));
        List<Object> layers = new ArrayList<>();
        layers.add(map("data", map("values", pts), "mark", map("type", "point", "filled", true, "size", 16, "opacity", 0.5),
                "params", List.of(zoom()),
                "encoding", map("x", x, "y", y, "color", map("value", hex(ChartKit.TRAIN)),
                        "tooltip", List.of(tip("sample", "quantitative"), tip("actual", "quantitative"),
                                tip("predicted", "quantitative"), tip("residual", "quantitative")))));
        if (lo < hi) {
            layers.add(map("data", map("values", List.of(row("actual", lo, "predicted", lo), row("actual", hi, "predicted", hi))),
                    "mark", map("type", "line", "strokeDash", List.of(5, 3), "strokeWidth", 1.5),
                    "encoding", map("x", x, "y", y, "color", map("value", hex(ChartKit.VAL)))));
        }
        Map<String, Object> spec = base("predicted vs actual: " + in.run() + " (" + in.split() + ", " + n + " samples"
                + (step > 1 ? ", every " + step + "th shown" : "") + ")", 520, 420);
        spec.put("layer", layers);
        return Json.write(spec);
    }

    /**
     * {@code %interpret}'s top losses as in the PNG grid: each sample's image (a small PNG data URI, no URL to load)
     * with predicted/actual and loss/probability below it; the tooltip gives the exact numbers. Null when the samples
     * are not images (the table shows them instead).
     */
    public static String topLosses(Interpretation in) {
        List<Interpretation.TopLoss> tops = in.topLosses();
        long[] shape = in.sampleShape();
        if (!in.isImage() || tops.isEmpty() || shape.length != 3) return null;
        int ch = (int) shape[0], h = (int) shape[1], w = (int) shape[2];
        int cols = TopLossGrid.columns(tops.size()), rows = (tops.size() + cols - 1) / cols;
        int tileW = Math.max(TopLossGrid.TILE, 150), tileH = TopLossGrid.TILE + TopLossGrid.LABEL, pad = TopLossGrid.PAD;
        List<Map<String, Object>> items = new ArrayList<>();
        for (int t = 0; t < tops.size(); t++) {
            Interpretation.TopLoss tl = tops.get(t);
            double cx = pad + (t % cols) * (tileW + pad) + tileW / 2.0, y0 = pad + (t / cols) * (tileH + pad);
            String url = "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(
                    TopLossGrid.png(TopLossGrid.tile(tl.sample(), ch, h, w)));
            items.add(row("rank", t + 1, "index", tl.index(), "url", url, "x", cx, "y", y0 + TopLossGrid.TILE / 2.0,
                    "ly1", y0 + TopLossGrid.TILE + 12, "ly2", y0 + TopLossGrid.TILE + 26,
                    "predicted", tl.predictedName(), "actual", tl.actualName(), "loss", tl.loss(),
                    "prob_actual", tl.probActual(), "prob_predicted", tl.probPredicted(),
                    "label1", tl.predictedName() + "/" + tl.actualName(),
                    "label2", trainbook.render.Fmt.num(tl.loss()) + "/" + String.format(java.util.Locale.ROOT, "%.2f", tl.probActual())
                            + "  #" + tl.index()));
        }
        List<Object> tip = List.of(tip("rank", "quantitative"), tip("index", "quantitative"), tip("predicted", "nominal"),
                tip("actual", "nominal"), tip("loss", "quantitative"), tip("prob_actual", "quantitative"),
                tip("prob_predicted", "quantitative"));
        int width = pad + cols * (tileW + pad), height = pad + rows * (tileH + pad);
        Map<String, Object> spec = map("$schema", SCHEMA,
                "title", map("text", "top losses: " + in.run() + " (" + in.split() + ")",
                        "subtitle", "predicted/actual, loss/probability of actual, #index", "anchor", "start"),
                "width", width, "height", height,
                "config", map("font", "sans-serif", "view", map("stroke", "transparent")),
                "data", map("values", items),
                "layer", List.of(
                        map("mark", map("type", "image", "width", TopLossGrid.TILE, "height", TopLossGrid.TILE),
                                "encoding", map("x", map("field", "x", "type", "quantitative", "scale", pixels(width), "axis", hiddenAxis()),
                                        "y", map("field", "y", "type", "quantitative", "scale", pixels(height), "axis", hiddenAxis()),
                                        "url", map("field", "url", "type", "nominal"), "tooltip", tip)),
                        map("mark", map("type", "text", "fontSize", 11, "color", "#282828"),
                                "encoding", map("x", map("field", "x", "type", "quantitative", "scale", pixels(width), "axis", hiddenAxis()),
                                        "y", map("field", "ly1", "type", "quantitative", "scale", pixels(height), "axis", hiddenAxis()),
                                        "text", map("field", "label1", "type", "nominal"), "tooltip", tip)),
                        map("mark", map("type", "text", "fontSize", 11, "color", "#5a5a5a"),
                                "encoding", map("x", map("field", "x", "type", "quantitative", "scale", pixels(width), "axis", hiddenAxis()),
                                        "y", map("field", "ly2", "type", "quantitative", "scale", pixels(height), "axis", hiddenAxis()),
                                        "text", map("field", "label2", "type", "nominal"), "tooltip", tip))));
        return Json.write(spec);
    }

    private static Map<String, Object> trialRow(Trial t, double value) {
        List<String> ps = new ArrayList<>();
        for (Map.Entry<String, Object> e : t.params().entrySet()) ps.add(e.getKey() + "=" + e.getValue());
        return row("trial", t.number(), "state", t.state().label(), "value", value, "params", String.join(" ", ps));
    }

    private static Map<String, Object> stateColours() {
        return map("field", "state", "type", "nominal", "title", NO_TITLE,
                "scale", map("domain", List.of("complete", "pruned"), "range", List.of(hex(ChartKit.TRAIN), "#aaaaaa")));
    }

    // ------------------------------------------------------------------ building blocks

    /*
     * No JSON null anywhere in a spec: the kernel sends the spec as a JSON object through Gson, which drops members
     * whose value is null, so "title": null would arrive as a default title and "scale": null as a linear scale.
     */

    /** An empty title: none is drawn. */
    static final String NO_TITLE = "";

    /** An axis that draws nothing (the positions are not a scale a reader needs). */
    private static Map<String, Object> hiddenAxis() {
        return map("title", NO_TITLE, "labels", false, "ticks", false, "domain", false, "grid", false);
    }

    /** A scale that maps data to the same pixel (0 at the top or left), for marks placed in pixels. */
    private static Map<String, Object> pixels(int extent) {
        return map("type", "linear", "domain", List.of(0, extent), "range", List.of(0, extent), "zero", false, "nice", false);
    }

    private static Map<String, Object> base(String title, int w, int h) {
        // the plot itself is smaller than the PNG, which also holds the title, axes and legend
        return map("$schema", SCHEMA, "title", title, "width", Math.max(100, w - 200), "height", Math.max(80, h - 110),
                "config", map("font", "sans-serif", "view", map("stroke", "#c8c8c8")));
    }

    private static Map<String, Object> lineLayer(List<Map<String, Object>> rows, String xTitle, String yTitle,
                                                 Map<String, Object> color, boolean logX, boolean logY) {
        return lineLayer(rows, xTitle, yTitle, color, logX, logY, "epoch", "value");
    }

    private static Map<String, Object> lineLayer(List<Map<String, Object>> rows, String xTitle, String yTitle,
                                                 Map<String, Object> color, boolean logX, boolean logY, String xField, String yField) {
        Map<String, Object> x = map("field", xField, "type", "quantitative", "title", xTitle);
        if (logX) x.put("scale", map("type", "log"));
        Map<String, Object> y = map("field", yField, "type", "quantitative", "title", yTitle);
        y.put("scale", logY ? map("type", "log") : map("zero", false));
        return map("data", map("values", rows), "mark", map("type", "line", "strokeWidth", 1.8),
                "encoding", map("x", x, "y", y, "color", color,
                        "tooltip", List.of(tip("series", "nominal"), tip(xField, "quantitative"), tip(yField, "quantitative"))));
    }

    /** Points at the per-epoch values: what a pointer rests on to read the exact value in the tooltip. */
    private static Map<String, Object> pointLayer(List<Map<String, Object>> rows, Map<String, Object> color,
                                                  Map<String, Object> axisEpochs) {
        return map("data", map("values", rows), "mark", map("type", "point", "filled", true, "size", 45),
                "encoding", map("x", map("field", "epoch", "type", "quantitative", "axis", axisEpochs),
                        "y", map("field", "value", "type", "quantitative"), "color", color,
                        "tooltip", List.of(tip("series", "nominal"), tip("epoch", "quantitative"), tip("value", "quantitative"))));
    }

    private static void addCurve(List<Map<String, Object>> rows, String series, double[][] xy, String xf, String yf, boolean logY) {
        addCurve(rows, series, xy, xf, yf, false, logY);
    }

    private static void addCurve(List<Map<String, Object>> rows, String series, double[][] xy, String xf, String yf,
                                 boolean logX, boolean logY) {
        for (int i = 0; i < xy[0].length; i++) {
            if (logX && !(xy[0][i] > 0) || logY && !(xy[1][i] > 0)) continue;
            rows.add(row("series", series, xf, xy[0][i], yf, xy[1][i]));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> enc(Map<String, Object> layer) {
        return (Map<String, Object>) layer.get("encoding");
    }

    /** Drag to pan, wheel to zoom, double-click to reset. */
    private static Map<String, Object> zoom() {
        return zoom("zoom");
    }

    private static Map<String, Object> zoom(String name) {
        return map("name", name, "select", "interval", "bind", "scales");
    }

    /** Click a run (in the legend or on a line) to highlight it; shift-click adds runs. */
    private static Map<String, Object> highlight() {
        return map("name", RUN_PARAM, "select", runSelect(), "bind", "legend");
    }

    /**
     * A point selection of whole runs, by a click on a line, a point or (with the legend binding) a legend entry:
     * bound to the legend alone, Vega-Lite would listen to the legend only.
     */
    private static Map<String, Object> runSelect() {
        return map("type", "point", "fields", List.of("run"), "on", "click", "clear", "dblclick");
    }

    private static Map<String, Object> runColours(List<String> names) {
        List<String> range = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) range.add(hex(ChartKit.runColor(i)));
        return map("field", "run", "type", "nominal", "title", "run", "scale", map("domain", names, "range", range));
    }

    private static Map<String, Object> colour(List<String> domain, List<Color> colours) {
        List<String> range = new ArrayList<>();
        for (Color c : colours) range.add(hex(c));
        return map("field", "series", "type", "nominal", "title", NO_TITLE, "scale", map("domain", domain, "range", range));
    }

    private static Map<String, Object> tip(String field, String type) {
        return map("field", field, "type", type);
    }

    static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static Map<String, Object> row(Object... kv) {
        return map(kv);
    }

    private static Map<String, Object> map(Object... kv) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
