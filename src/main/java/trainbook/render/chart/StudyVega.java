package trainbook.render.chart;

import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.Param;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialState;
import trainbook.render.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static trainbook.render.chart.VegaParts.*;

/** Vega-Lite specs of a study's charts: the optimisation history and one parameter's slice. */
public final class StudyVega {
    private StudyVega() {}

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

    private static Map<String, Object> trialRow(Trial t, double value) {
        List<String> ps = new ArrayList<>();
        for (Map.Entry<String, Object> e : t.params().entrySet()) ps.add(e.getKey() + "=" + e.getValue());
        return row("trial", t.number(), "state", t.state().label(), "value", value, "params", String.join(" ", ps));
    }

    private static Map<String, Object> stateColours() {
        return map("field", "state", "type", "nominal", "title", NO_TITLE,
                "scale", map("domain", List.of("complete", "pruned"), "range", List.of(hex(ChartKit.TRAIN), "#aaaaaa")));
    }
}
