package trainbook.render.chart;

import trainbook.engine.interpret.Interpretation;
import trainbook.render.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static trainbook.render.chart.VegaParts.*;

/** Vega-Lite specs of {@code %interpret}'s charts: the confusion matrix, predicted vs actual, the top losses. */
public final class InterpretVega {
    private InterpretVega() {}

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
}
