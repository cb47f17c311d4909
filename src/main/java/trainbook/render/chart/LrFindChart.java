package trainbook.render.chart;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.render.Fmt;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code %lrfind} chart, {@value #WIDTH}×{@value #HEIGHT} pixels: loss against learning rate on a log x axis,
 * the raw loss (light) and its smoothed curve, every suggestion marked on the smoothed curve and labelled with its
 * rule, the chosen one drawn as a vertical line. The y axis stops at 3× the first smoothed loss so a diverging tail
 * does not flatten the useful part.
 */
public final class LrFindChart {
    public static final int WIDTH = 720, HEIGHT = 400;
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

    private LrFindChart() {}

    /** Draws {@code r}. */
    public static XYChart chart(LrFindResult r) {
        if (r == null) throw new IllegalArgumentException("lrfind result is null: run %lrfind first");
        double[] lrs = r.lrs(), raw = r.losses(), sm = r.smoothed();
        XYChart c = ChartKit.newChart(WIDTH, HEIGHT, "LR range test (" + r.mode() + ", " + lrs.length + " steps, "
                + r.stopReason() + ") — suggested " + Fmt.num(r.suggested()) + " by " + r.rule(), "learning rate (log)", "loss");
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setXAxisDecimalPattern("0.#E0");

        double first = Double.NaN;
        for (double v : sm) if (Double.isFinite(v)) { first = v; break; }
        double lo = ChartKit.minFinite(RunCharts.concat(raw, sm));
        double hi = ChartKit.maxFinite(RunCharts.concat(raw, sm));
        if (Double.isFinite(first) && first > 0 && hi > 3 * first) c.getStyler().setYAxisMax(3 * first);
        if (Double.isFinite(lo) && Double.isFinite(first) && first > 0) c.getStyler().setYAxisMin(Math.max(0, lo - 0.05 * (first - lo)));

        XYSeries rs = ChartKit.line(c, "loss (raw)", lrs, clampTail(raw, first), ChartKit.LIGHT, true, false);
        if (rs != null) rs.setLineWidth(1f);
        ChartKit.line(c, "loss (smoothed)", lrs, clampTail(sm, first), ChartKit.TRAIN, true, false);

        int i = 0;
        List<ChartLayout.Label> labels = new ArrayList<>();
        for (Map.Entry<String, Double> e : r.suggestions().entrySet()) {
            double lr = e.getValue() == null ? Double.NaN : e.getValue();
            if (!Double.isFinite(lr) || lr <= 0) continue;
            boolean chosen = e.getKey().equals(r.rule());
            double y = atLr(lrs, sm, lr);
            Color col = chosen ? ChartKit.PROBLEM : ChartKit.PALETTE[(i + 1) % ChartKit.PALETTE.length];
            XYSeries s = ChartKit.points(c, e.getKey() + " " + Fmt.num(lr) + (chosen ? " (chosen)" : ""),
                    new double[]{lr}, new double[]{y}, col, MARKERS[i % MARKERS.length], true, false);
            if (s != null && Double.isFinite(y)) labels.add(ChartLayout.Label.around(e.getKey(), lr, y));
            if (chosen) c.addAnnotation(new AnnotationLine(lr, true, false));
            i++;
        }
        ChartKit.ensureNonEmpty(c, "no finite losses recorded");
        ChartLayout.apply(c, false, labels);
        return c;
    }

    /** One-paragraph text form. */
    public static String text(LrFindResult r) {
        StringBuilder b = new StringBuilder("LR range test: ").append(r.lrs().length).append(" steps, ")
                .append(r.mode()).append(" ramp ");
        if (r.lrs().length > 0) b.append(Fmt.num(r.lrs()[0])).append(" → ").append(Fmt.num(r.lrs()[r.lrs().length - 1]));
        b.append(", ").append(r.stopReason()).append(". Suggested lr=").append(Fmt.num(r.suggested())).append(" (")
                .append(r.rule()).append(", ").append(r.confidence()).append("/").append(r.suggestions().size())
                .append(" rules agree)");
        if (!r.suggestions().isEmpty()) {
            b.append("\nsuggestions:");
            r.suggestions().forEach((k, v) -> b.append(" ").append(k).append('=').append(Fmt.num(v)));
        }
        return b.toString();
    }

    /** Smoothed loss at the LR closest (in log space) to {@code lr}. */
    static double atLr(double[] lrs, double[] ys, double lr) {
        double best = Double.NaN, d = Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(lrs.length, ys.length); i++) {
            if (!(lrs[i] > 0) || !Double.isFinite(ys[i])) continue;
            double dd = Math.abs(Math.log(lrs[i]) - Math.log(lr));
            if (dd < d) {
                d = dd;
                best = ys[i];
            }
        }
        return best;
    }

    /** Values above 3× the first smoothed loss are cut to that level (drawn at the top edge, not off-chart). */
    private static double[] clampTail(double[] v, double first) {
        if (!Double.isFinite(first) || first <= 0) return v;
        double[] o = v.clone();
        for (int i = 0; i < o.length; i++) if (Double.isFinite(o[i]) && o[i] > 3 * first) o[i] = 3 * first;
        return o;
    }
}
