package trainbook.render.chart;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import trainbook.engine.interpret.Interpretation;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

/**
 * Charts of an {@link Interpretation}: the confusion matrix as a heat map (actual classes down, predicted across,
 * counts in the cells) and, for regression, predictions against targets with the identity line.
 */
public final class InterpretCharts {
    /** Most points drawn in the predicted-vs-actual scatter (evenly spaced samples beyond that). */
    static final int MAX_POINTS = 3000;

    private InterpretCharts() {}

    /** The confusion matrix as a heat map; the first class is the top row, as in the table. */
    public static HeatMapChart confusion(Interpretation in) {
        if (!in.isClassification()) throw new IllegalArgumentException("a confusion matrix needs a classification run");
        int k = in.numClasses();
        List<String> names = labels(in.classNames());
        int cell = k <= 4 ? 70 : k <= 10 ? 44 : Math.max(14, 440 / k);
        int width = Math.max(360, 150 + cell * k + 90), height = Math.max(300, 130 + cell * k);
        // the theme constructor: HeatMapChart(int, int) leaves the heat-map styles (value font, colours) unset
        HeatMapChart c = new HeatMapChart(width, height, Styler.ChartTheme.XChart);
        c.setTitle("confusion matrix: " + in.run() + " (" + in.split() + ", " + in.size() + " samples)");
        c.setXAxisTitle("predicted");
        c.setYAxisTitle("actual");
        List<String> rows = new ArrayList<>(names);
        java.util.Collections.reverse(rows); // the y axis grows upwards: reversed, the first class sits on top
        List<Number[]> heat = new ArrayList<>();
        long max = 1;
        long[][] cm = in.confusion();
        for (int a = 0; a < k; a++) {
            for (int p = 0; p < k; p++) {
                heat.add(new Number[]{p, k - 1 - a, cm[a][p]});
                max = Math.max(max, cm[a][p]);
            }
        }
        c.addSeries("count", names, rows, heat);
        var s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setXAxisLabelRotation(k > 4 ? 45 : 0);
        s.setPlotGridLinesVisible(false);
        s.setPlotBorderVisible(false);
        s.setShowValue(k <= 20);
        s.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, k <= 10 ? 11 : 8));
        s.setValueFontColor(new Color(30, 30, 30));
        s.setHeatMapDecimalValueFormatter(v -> Long.toString(Math.round(v)));
        s.setHeatMapValueDecimalPattern("#,##0");
        s.setMin(0);
        s.setMax(max);
        s.setRangeColors(new Color[]{new Color(247, 251, 255), new Color(158, 202, 225), new Color(33, 113, 181)});
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartPadding(6);
        return c;
    }

    /** Class names shortened for axis labels (long CSV labels would crowd the axes). */
    private static List<String> labels(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String l = n.length() > 14 ? n.substring(0, 13) + "…" : n;
            while (out.contains(l)) l = l + " ";
            out.add(l);
        }
        return out;
    }

    /** Predicted against actual values (regression) with the line predicted = actual. */
    public static XYChart predictedVsActual(Interpretation in) {
        if (in.isClassification()) throw new IllegalArgumentException("predicted vs actual is for regression runs");
        float[] a = in.actualValues(), p = in.predictedValues();
        int n = a.length;
        int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        double[] xs = new double[(n + step - 1) / step], ys = new double[xs.length];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0, j = 0; i < n; i += step, j++) {
            xs[j] = a[i];
            ys[j] = p[i];
        }
        for (int i = 0; i < n; i++) {
            if (Float.isFinite(a[i])) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); }
            if (Float.isFinite(p[i])) { lo = Math.min(lo, p[i]); hi = Math.max(hi, p[i]); }
        }
        XYChart c = ChartKit.newChart(520, 420, "predicted vs actual: " + in.run() + " (" + in.split() + ", "
                + n + " samples" + (step > 1 ? ", every " + step + "th shown" : "") + ")", "actual", "predicted");
        XYSeries pts = ChartKit.points(c, "samples", xs, ys, ChartKit.TRAIN, SeriesMarkers.CIRCLE, false, false);
        if (pts != null) pts.setMarkerColor(new Color(0, 114, 178, 120));
        if (lo < hi) ChartKit.line(c, "predicted = actual", new double[]{lo, hi}, new double[]{lo, hi}, ChartKit.VAL, false, false);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        ChartKit.ensureNonEmpty(c, "no finite predictions");
        ChartLayout.apply(c, false, List.of());
        return c;
    }
}
