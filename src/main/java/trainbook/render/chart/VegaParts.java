package trainbook.render.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The building blocks every Vega-Lite spec of this package is made of: the frame ({@link #base}), line and point
 * layers, colour scales, tooltips, zoom, epoch axes and the map literals the specs are written in.
 */
final class VegaParts {
    private VegaParts() {}

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

    /** A one-view spec: {@code unit} (which carries its title) with the schema, size and config. */
    static Map<String, Object> single(Map<String, Object> unit, int w, int h) {
        Map<String, Object> spec = base((String) unit.remove("title"), w, h);
        spec.put("layer", List.of(unit));
        return spec;
    }

    // ------------------------------------------------------------------ building blocks

    /*
     * No JSON null anywhere in a spec: the kernel sends the spec as a JSON object through Gson, which drops members
     * whose value is null, so "title": null would arrive as a default title and "scale": null as a linear scale.
     */

    /** An empty title: none is drawn. */
    static final String NO_TITLE = "";

    /** An axis that draws nothing (the positions are not a scale a reader needs). */
    static Map<String, Object> hiddenAxis() {
        return map("title", NO_TITLE, "labels", false, "ticks", false, "domain", false, "grid", false);
    }

    /** A scale that maps data to the same pixel (0 at the top or left), for marks placed in pixels. */
    static Map<String, Object> pixels(int extent) {
        return map("type", "linear", "domain", List.of(0, extent), "range", List.of(0, extent), "zero", false, "nice", false);
    }

    static Map<String, Object> base(String title, int w, int h) {
        // the plot itself is smaller than the PNG, which also holds the title, axes and legend
        return map("$schema", SCHEMA, "title", title, "width", Math.max(100, w - 200), "height", Math.max(80, h - 110),
                "config", map("font", "sans-serif", "view", map("stroke", "#c8c8c8")));
    }

    static Map<String, Object> lineLayer(List<Map<String, Object>> rows, String xTitle, String yTitle,
                                                 Map<String, Object> color, boolean logX, boolean logY) {
        return lineLayer(rows, xTitle, yTitle, color, logX, logY, "epoch", "value");
    }

    static Map<String, Object> lineLayer(List<Map<String, Object>> rows, String xTitle, String yTitle,
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
    static Map<String, Object> pointLayer(List<Map<String, Object>> rows, Map<String, Object> color,
                                                  Map<String, Object> axisEpochs) {
        return map("data", map("values", rows), "mark", map("type", "point", "filled", true, "size", 45),
                "encoding", map("x", map("field", "epoch", "type", "quantitative", "axis", axisEpochs),
                        "y", map("field", "value", "type", "quantitative"), "color", color,
                        "tooltip", List.of(tip("series", "nominal"), tip("epoch", "quantitative"), tip("value", "quantitative"))));
    }

    static void addCurve(List<Map<String, Object>> rows, String series, double[][] xy, String xf, String yf, boolean logY) {
        addCurve(rows, series, xy, xf, yf, false, logY);
    }

    static void addCurve(List<Map<String, Object>> rows, String series, double[][] xy, String xf, String yf,
                                 boolean logX, boolean logY) {
        for (int i = 0; i < xy[0].length; i++) {
            if (logX && !(xy[0][i] > 0) || logY && !(xy[1][i] > 0)) continue;
            rows.add(row("series", series, xf, xy[0][i], yf, xy[1][i]));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> enc(Map<String, Object> layer) {
        return (Map<String, Object>) layer.get("encoding");
    }

    /** Drag to pan, wheel to zoom, double-click to reset. */
    static Map<String, Object> zoom() {
        return zoom("zoom");
    }

    static Map<String, Object> zoom(String name) {
        return map("name", name, "select", "interval", "bind", "scales");
    }

    static Map<String, Object> colour(List<String> domain, List<Color> colours) {
        List<String> range = new ArrayList<>();
        for (Color c : colours) range.add(hex(c));
        return map("field", "series", "type", "nominal", "title", NO_TITLE, "scale", map("domain", domain, "range", range));
    }

    static Map<String, Object> tip(String field, String type) {
        return map("field", field, "type", type);
    }

    static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    static Map<String, Object> row(Object... kv) {
        return map(kv);
    }

    static Map<String, Object> map(Object... kv) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
