package trainbook.render.chart;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared chart plumbing: a consistent style, series helpers that drop non-finite points (and non-positive ones on
 * log axes), smoothing and down-sampling. Package-private building blocks plus a few public pure helpers.
 */
public final class ChartKit {
    private ChartKit() {}

    /** Colour-blind-friendly palette (Okabe–Ito, reordered). */
    public static final Color[] PALETTE = {
            new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115), new Color(204, 121, 167),
            new Color(86, 180, 233), new Color(213, 94, 0), new Color(120, 120, 120), new Color(240, 228, 66),
            new Color(0, 0, 0)};
    /**
     * The colour of run {@code i} in every chart that shows several runs (the overlays and the parallel
     * coordinates of one {@code %compare}), so a run reads the same across views.
     */
    public static Color runColor(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    static final Color TRAIN = new Color(0, 114, 178);
    static final Color VAL = new Color(213, 94, 0);
    static final Color ACC = new Color(0, 158, 115);
    static final Color LIGHT = new Color(160, 190, 215);
    static final Color GREY = new Color(140, 140, 140);
    static final Color INFO = new Color(70, 110, 170);
    static final Color WARNING = new Color(220, 150, 0);
    static final Color PROBLEM = new Color(200, 30, 30);

    static XYChart newChart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart c = new XYChart(width, height);
        c.setTitle(title == null ? "" : title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        Styler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 210));
        s.setLegendBorderColor(new Color(210, 210, 210));
        s.setChartPadding(6);
        s.setSeriesColors(PALETTE);
        s.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setAnnotationTextFontColor(new Color(60, 60, 60));
        s.setAnnotationLineColor(new Color(120, 120, 120));
        s.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[]{4f, 3f}, 0f));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        c.getStyler().setPlotGridLinesColor(new Color(235, 235, 235));
        // solid grid: dashed strokes become one filled rectangle per dash in SVG
        c.getStyler().setPlotGridLinesStroke(new BasicStroke(0.8f));
        c.getStyler().setMarkerSize(7);
        // about 8 x labels at most whatever the width: readable at any run length
        c.getStyler().setXAxisTickMarkSpacingHint(Math.max(70, width / 8));
        c.getStyler().setPlotTicksMarksVisible(false);
        c.getStyler().setDecimalPattern("#,##0.####");
        return c;
    }

    /**
     * Adds a line (no markers) from the finite points of {@code xs}/{@code ys}; with {@code positiveOnly} also drops
     * values ≤ 0 (log axes). Returns null, adding nothing, when no point remains.
     */
    static XYSeries line(XYChart c, String name, double[] xs, double[] ys, Color color, boolean positiveX,
                         boolean positiveY) {
        double[][] p = finite(xs, ys, positiveX, positiveY);
        if (p[0].length == 0) return null;
        XYSeries s = c.addSeries(unique(c, name), p[0], p[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        if (color != null) s.setLineColor(color);
        s.setLineStyle(SeriesLines.SOLID);
        s.setLineWidth(1.6f);
        return s;
    }

    /** Adds a scatter of markers; null when no finite point. */
    static XYSeries points(XYChart c, String name, double[] xs, double[] ys, Color color,
                           org.knowm.xchart.style.markers.Marker marker, boolean positiveX, boolean positiveY) {
        double[][] p = finite(xs, ys, positiveX, positiveY);
        if (p[0].length == 0) return null;
        XYSeries s = c.addSeries(unique(c, name), p[0], p[1]);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        if (color != null) s.setMarkerColor(color);
        return s;
    }

    /** When a chart got no series, adds an invisible placeholder and a centred "no data" note so it still paints. */
    static void ensureNonEmpty(XYChart c, String note) {
        if (!c.getSeriesMap().isEmpty()) return;
        XYSeries s = c.addSeries(" ", new double[]{0, 1}, new double[]{0, 1});
        s.setShowInLegend(false);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(new Color(0, 0, 0, 0));
        s.setLineStyle(SeriesLines.NONE);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLogarithmic(false);
        c.getStyler().setYAxisLogarithmic(false);
        c.addAnnotation(new AnnotationText(note, 0.5, 0.5, false));
    }

    /** Series names must be unique within a chart: appends spaces to repeats (invisible in the legend). */
    static String unique(XYChart c, String name) {
        String n = name == null || name.isEmpty() ? "series" : name;
        while (c.getSeriesMap().containsKey(n)) n = n + " ";
        return n;
    }

    static double[][] finite(double[] xs, double[] ys, boolean positiveX, boolean positiveY) {
        int n = Math.min(xs.length, ys.length);
        double[] ox = new double[n], oy = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double x = xs[i], y = ys[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
            if (positiveX && x <= 0) continue;
            if (positiveY && y <= 0) continue;
            ox[k] = x;
            oy[k] = y;
            k++;
        }
        return new double[][]{Arrays.copyOf(ox, k), Arrays.copyOf(oy, k)};
    }

    /**
     * Debiased exponential moving average (as in Adam / fastai's recorder): non-finite inputs are passed through
     * as NaN and do not update the average. {@code beta} in [0,1).
     */
    public static double[] ema(double[] v, double beta) {
        if (beta < 0 || beta >= 1) throw new IllegalArgumentException("beta=" + beta + " must be in [0, 1)");
        double[] out = new double[v.length];
        double avg = 0, pow = 1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                out[i] = Double.NaN;
                continue;
            }
            avg = beta * avg + (1 - beta) * v[i];
            pow *= beta;
            out[i] = avg / (1 - pow);
        }
        return out;
    }

    /**
     * Reduces a curve to at most {@code max} points by averaging consecutive buckets (x and y alike, finite points
     * only); curves already short enough come back unchanged (finite points only).
     */
    public static double[][] downsample(double[] xs, double[] ys, int max) {
        double[][] p = finite(xs, ys, false, false);
        int n = p[0].length;
        if (n <= max || max < 2) return p;
        double[] ox = new double[max], oy = new double[max];
        for (int b = 0; b < max; b++) {
            int from = (int) ((long) b * n / max), to = (int) ((long) (b + 1) * n / max);
            double sx = 0, sy = 0;
            for (int i = from; i < to; i++) {
                sx += p[0][i];
                sy += p[1][i];
            }
            ox[b] = sx / (to - from);
            oy[b] = sy / (to - from);
        }
        return new double[][]{ox, oy};
    }

    /** Median of the finite values, NaN when none. */
    public static double median(double[] v) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (f.length == 0) return Double.NaN;
        return f.length % 2 == 1 ? f[f.length / 2] : (f[f.length / 2 - 1] + f[f.length / 2]) / 2;
    }

    static double maxFinite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    static double minFinite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    /** True when every finite value is positive and max/min spans more than {@code ratio}. */
    static boolean wantsLog(double[] v, double ratio) {
        double mn = Double.POSITIVE_INFINITY, mx = 0;
        boolean any = false;
        for (double d : v) {
            if (!Double.isFinite(d)) continue;
            if (d <= 0) return false;
            any = true;
            mn = Math.min(mn, d);
            mx = Math.max(mx, d);
        }
        return any && mx / mn > ratio;
    }

    static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    static List<Double> list() { return new ArrayList<>(); }

    /**
     * A copy of a list that another thread may be appending to (the training thread fills run records while the
     * live display draws them): never throws, drops the null slot a racing copy can see.
     */
    public static <T> List<T> snapshot(List<T> l) {
        if (l == null) return new ArrayList<>();
        List<T> out = new ArrayList<>(l.size() + 8);
        Object[] a;
        try {
            a = l.toArray();
        } catch (RuntimeException e) {
            a = new Object[0];
        }
        for (Object o : a) {
            @SuppressWarnings("unchecked") T t = (T) o;
            if (t != null) out.add(t);
        }
        return out;
    }
}
