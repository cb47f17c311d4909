package trainbook.render.chart;

import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.render.Json;
import trainbook.render.compare.Monitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static trainbook.render.chart.VegaParts.*;

/**
 * Vega-Lite specs of {@code %compare}'s charts: the overlays of several runs, the parallel coordinates and the
 * linked view that shares one run selection between them (click a run to highlight it in every view).
 */
public final class CompareVega {
    private CompareVega() {}

    /**
     * {@code %compare}'s overlay: one colour per run (the PNG's), validation solid and training dashed; clicking a
     * run in the legend (or a line) highlights it and fades the others.
     */
    public static String overlay(List<RunRecord> runs, String what) {
        Map<String, Object> unit = overlayUnit(runs, what);
        unit.put("params", List.of(zoom(), highlight(), hover()));
        return Json.write(single(unit, CompareCharts.WIDTH, CompareCharts.HEIGHT));
    }

    /**
     * {@code %compare}'s parallel coordinates: the same normalised axes as the PNG (better up on the metric axis),
     * each run in its colour, the raw value of every hyperparameter in the tooltip; click a run to highlight it.
     */
    public static String parallel(List<RunRecord> runs, Monitor monitor) {
        Map<String, Object> unit = parallelUnit(runs, monitor);
        unit.put("params", List.of(highlight(), hover()));
        return Json.write(single(unit, CompareCharts.WIDTH, CompareCharts.HEIGHT));
    }

    /** Name of the run selection every comparison view shares. */
    public static final String RUN_PARAM = "run";

    /** Name of the hover selection (the run under the pointer), shared like {@link #RUN_PARAM}. */
    public static final String HOVER_PARAM = "hover";

    /**
     * {@code %compare}'s views as one linked chart: the loss overlay, the accuracy overlay (when {@code acc}) and
     * the parallel coordinates (when {@code parallel}) concatenated in one Vega-Lite view that shares one point
     * selection on the run field ({@value #RUN_PARAM}, bound to the legend and to clicks on any view's lines and
     * points): the selected run stays opaque in every view while the others fade; shift-click adds runs,
     * double-click clears. A second shared selection, {@value #HOVER_PARAM}, follows the pointer: while no run is
     * clicked, the run under the pointer is drawn thicker and the others fade a little; a click always wins. Separate outputs cannot share a selection (each is its own Vega view in the frontend),
     * which is why the comparison's interactive form is this one spec.
     */
    public static String linkedCompare(List<RunRecord> runs, Monitor monitor, boolean acc, boolean parallel) {
        List<Map<String, Object>> units = new ArrayList<>();
        units.add(overlayUnit(runs, "loss"));
        if (acc) units.add(overlayUnit(runs, "acc"));
        if (parallel) units.add(parallelUnit(runs, monitor));
        if (units.size() == 1) {
            Map<String, Object> unit = units.get(0);
            unit.put("params", List.of(zoom(), highlight(), hover()));
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
                "title", map("text", runs.size() + " runs compared: point at a run to pick it out, click it (line, point or legend) "
                                + "to highlight it in every view",
                        "anchor", "start"),
                "config", map("font", "sans-serif", "view", map("stroke", "#c8c8c8")),
                "params", List.of(map("name", RUN_PARAM, "select", runSelect(), "bind", "legend", "views", views),
                        map("name", HOVER_PARAM, "select", hoverSelect(), "views", views)),
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
                "mark", map("type", "line", "point", true),  // no strokeWidth here: it would override emphasised()
                "encoding", map(
                        "x", map("field", "epoch", "type", "quantitative", "title", "epoch", "axis", axisEpochs),
                        "y", map("field", "value", "type", "quantitative", "title", y, "scale", map("zero", false)),
                        "color", runColours(names),
                        "strokeDash", map("field", "split", "type", "nominal", "scale", map("domain", List.of("val", "train"),
                                "range", List.of(List.of(1, 0), List.of(5, 3))), "title", "split"),
                        "detail", map("field", "run"),
                        "opacity", highlighted(),
                        "strokeWidth", emphasised(),
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
                "mark", map("type", "line", "point", true),  // no strokeWidth here: it would override emphasised()
                "encoding", map(
                        "x", map("field", "axis", "type", "nominal", "sort", order, "title", NO_TITLE,
                                "axis", map("labelAngle", 0, "orient", "top")),
                        "y", map("field", "position", "type", "quantitative", "axis", hiddenAxis(), "scale", map("domain", List.of(0, 1))),
                        "color", runColours(names),
                        "detail", map("field", "run"),
                        "opacity", highlighted(),
                        "strokeWidth", emphasised(),
                        "tooltip", List.of(tip("run", "nominal"), tip("axis", "nominal"), tip("value", "nominal"))));
    }

    /** Opacity of a run clicked away from (or, with nothing clicked, of a run other than the hovered one). */
    static final double FADED = 0.15, HOVER_FADED = 0.35;
    static final int STROKE = 2, STROKE_EMPHASISED = 3;

    /**
     * Whether any run is clicked: the click selection's store is not empty. Conditions test it so that a click wins
     * over a hover (hovering another run while one is clicked changes nothing), and the hover acts only while
     * nothing is clicked.
     */
    private static final String CLICKED = "length(data('" + RUN_PARAM + "_store'))";

    /**
     * Opaque when the run is clicked (or nothing is clicked and it is hovered, or nothing is hovered either); faded
     * when another run is clicked, less faded when another run is only hovered.
     */
    private static Map<String, Object> highlighted() {
        return map("condition", List.of(
                        map("param", RUN_PARAM, "empty", false, "value", 1),
                        map("test", CLICKED, "value", FADED),
                        map("param", HOVER_PARAM, "value", 1)),
                "value", HOVER_FADED);
    }

    /** Thicker lines for the clicked run, or (while nothing is clicked) for the hovered one. */
    private static Map<String, Object> emphasised() {
        return map("condition", List.of(
                        map("param", RUN_PARAM, "empty", false, "value", STROKE_EMPHASISED),
                        map("test", CLICKED, "value", STROKE),
                        map("param", HOVER_PARAM, "empty", false, "value", STROKE_EMPHASISED)),
                "value", STROKE);
    }

    /** The run under the pointer, cleared when the pointer leaves it; never toggled, never bound to the legend. */
    private static Map<String, Object> hover() {
        return map("name", HOVER_PARAM, "select", hoverSelect());
    }

    private static Map<String, Object> hoverSelect() {
        return map("type", "point", "fields", List.of("run"), "on", "mouseover", "clear", "mouseout", "toggle", false);
    }

    private static String runName(RunRecord r, int i) {
        return r.name() == null ? "run " + (i + 1) : r.name();
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
}
