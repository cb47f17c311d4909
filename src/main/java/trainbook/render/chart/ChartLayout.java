package trainbook.render.chart;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.ChartGeometry;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The last step of every chart: round tick values, a legend that does not squeeze the plot, and text labels that
 * never overlap. XChart places neither legends nor annotation texts with any regard for the data, so this paints
 * the chart once off-screen, reads where XChart put the plot ({@link ChartGeometry}), and decides in pixels:
 *
 * <ul>
 *   <li>ticks: XChart puts ticks at the data's own x values whenever they are equally spaced (per-step points in
 *   epochs gave {@code 0 0.2941 0.5882 …}); an invisible first series spanning the data breaks that spacing, so
 *   XChart's 1-2-5 rounding applies, and epoch axes label integers only;</li>
 *   <li>legend: inside the plot in the first corner (NE, NW, SE, SW) no curve passes through, else below the
 *   plot;</li>
 *   <li>labels: each tries a few positions around its anchor and takes the first that stays inside the plot and
 *   clear of the legend, the other labels and every labelled point; a label with no free place is left out (its
 *   marker stays, and the legend names it).</li>
 * </ul>
 *
 * What was decided is kept per chart ({@link #of}) so that tests can measure it.
 */
public final class ChartLayout {
    private ChartLayout() {}

    /** Gap kept between a label and anything else, in pixels. */
    static final double GAP = 2;
    static final String FRAME = "\u200b";
    private static final FontRenderContext FRC = new FontRenderContext(null, true, false);
    private static final Map<XYChart, Result> RESULTS = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * A text label anchored at data point (x, y) of y-axis group {@code yGroup}. Each candidate is
     * {@code {dx, dy, fx, fy}}: the label's centre sits at the anchor plus (dx + fx·w/2, dy + fy·h/2) pixels, w×h
     * being the label's size (so fx = 1 puts it just right of the anchor).
     */
    public record Label(String text, double x, double y, int yGroup, double[][] candidates) {
        /** Above, below, then to the right and left, then further above and below. */
        static final double[][] AROUND = {{0, -9, 0, -1}, {0, 9, 0, 1}, {7, -4, 1, -1}, {7, 4, 1, 1},
                {-7, -4, -1, -1}, {-7, 4, -1, 1}, {0, -22, 0, -1}, {0, 22, 0, 1}, {0, -36, 0, -1}, {0, 36, 0, 1}};

        static Label around(String text, double x, double y) {
            return new Label(text, x, y, 0, AROUND);
        }
    }

    /** What {@link #apply} decided for a chart. */
    public record Result(Styler.LegendPosition legend, List<Rectangle2D> labelBoxes, List<String> placed,
                         List<String> dropped, List<Rectangle2D> anchors) {}

    /** The layout decided for {@code c}, or null when it was not laid out. */
    public static Result of(XYChart c) {
        return RESULTS.get(c);
    }

    /**
     * Lays {@code c} out (see the class comment).
     *
     * @param epochAxis true when x is in epochs: only whole epochs are labelled
     * @param labels    text labels to place, in priority order
     */
    static Result apply(XYChart c, boolean epochAxis, List<Label> labels) {
        return apply(c, epochAxis, labels, false);
    }

    /** As {@link #apply(XYChart, boolean, List)}; {@code legendBelow} for charts whose labels fill the plot. */
    static Result apply(XYChart c, boolean epochAxis, List<Label> labels, boolean legendBelow) {
        boolean logX = c.getStyler().isXAxisLogarithmic();
        if (!logX) roundTicks(c);
        if (epochAxis && !logX) c.setCustomXAxisTickLabelsFormatter(ChartLayout::wholeNumber);
        boolean hasLegend = c.getStyler().isLegendVisible()
                && c.getSeriesMap().values().stream().anyMatch(XYSeries::isShowInLegend);
        Styler.LegendPosition legend = hasLegend ? placeLegend(c, legendBelow) : c.getStyler().getLegendPosition();
        paint(c);
        Rectangle2D plot = ChartGeometry.plot(c);
        Rectangle2D legendBox = hasLegend && legend != Styler.LegendPosition.OutsideS
                && legend != Styler.LegendPosition.OutsideE ? ChartGeometry.legend(c) : null;
        List<Rectangle2D> anchors = new ArrayList<>();
        for (Label l : labels) {
            double[] p = screen(c, l.x, l.y, l.yGroup);
            if (p != null) anchors.add(new Rectangle2D.Double(p[0] - 5, p[1] - 5, 10, 10));
        }
        Result r = placeLabels(c, labels, legend, plot, legendBox, anchors);
        RESULTS.put(c, r);
        return r;
    }

    /**
     * The legend's place: below the plot when asked, else the first free corner inside it; below the plot in one
     * row when that fits the width, else in a column beside it.
     */
    private static Styler.LegendPosition placeLegend(XYChart c, boolean legendBelow) {
        Styler.LegendPosition legend;
        if (legendBelow) {
            legend = Styler.LegendPosition.OutsideS;
            c.getStyler().setLegendPosition(legend);
        } else {
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            paint(c);
            legend = chooseLegend(c);
            c.getStyler().setLegendPosition(legend);
        }
        if (legend == Styler.LegendPosition.OutsideS) {
            // one row below the plot when it fits the width; a column (taller) only when it does not
            c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            paint(c);
            Rectangle2D box = ChartGeometry.legend(c);
            if (box != null && box.getWidth() > c.getWidth() - 12) {
                // too many entries for one row: a column beside the plot costs less than one below it
                c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
                legend = Styler.LegendPosition.OutsideE;
                c.getStyler().setLegendPosition(legend);
            }
        }
        return legend;
    }

    /** Each label at its first candidate place that {@link #fits}; the rest dropped. */
    private static Result placeLabels(XYChart c, List<Label> labels, Styler.LegendPosition legend, Rectangle2D plot,
                                      Rectangle2D legendBox, List<Rectangle2D> anchors) {
        List<Rectangle2D> boxes = new ArrayList<>();
        List<String> placed = new ArrayList<>(), dropped = new ArrayList<>();
        Font font = c.getStyler().getAnnotationTextFont();
        for (Label l : labels) {
            if (l.text == null || l.text.isBlank()) continue; // nothing to write (TextLayout refuses empty text)
            double[] p = screen(c, l.x, l.y, l.yGroup);
            if (p == null) {
                dropped.add(l.text);
                continue;
            }
            Rectangle2D size = new TextLayout(l.text, font, FRC).getOutline(null).getBounds2D();
            double w = size.getWidth(), h = size.getHeight();
            Rectangle2D chosen = null;
            for (double[] cand : l.candidates) {
                double cx = p[0] + cand[0] + cand[2] * w / 2, cy = p[1] + cand[1] + cand[3] * h / 2;
                Rectangle2D box = new Rectangle2D.Double(cx - w / 2, cy - h / 2, w, h);
                if (fits(box, plot, legendBox, boxes, anchors)) {
                    chosen = box;
                    break;
                }
            }
            if (chosen == null) {
                dropped.add(l.text);
                continue;
            }
            boxes.add(chosen);
            placed.add(l.text);
            c.addAnnotation(new AnnotationText(l.text, chosen.getCenterX(), c.getHeight() - chosen.getCenterY(), true));
        }
        Result r = new Result(legend, List.copyOf(boxes), List.copyOf(placed), List.copyOf(dropped), List.copyOf(anchors));
        return r;
    }

    /**
     * The cheap layout for charts redrawn while training runs (the live chart, on the training thread): round ticks
     * and the legend in one row below the plot, without the off-screen paints that placing it inside needs.
     */
    static Result applyLive(XYChart c, boolean epochAxis) {
        boolean logX = c.getStyler().isXAxisLogarithmic();
        if (!logX) roundTicks(c);
        if (epochAxis && !logX) c.setCustomXAxisTickLabelsFormatter(ChartLayout::wholeNumber);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        Result r = new Result(Styler.LegendPosition.OutsideS, List.of(), List.of(), List.of(), List.of());
        RESULTS.put(c, r);
        return r;
    }

    static boolean fits(Rectangle2D box, Rectangle2D plot, Rectangle2D legend, List<Rectangle2D> placed,
                        List<Rectangle2D> anchors) {
        Rectangle2D padded = new Rectangle2D.Double(box.getX() - GAP, box.getY() - GAP, box.getWidth() + 2 * GAP,
                box.getHeight() + 2 * GAP);
        if (!plot.contains(padded)) return false;
        if (legend != null && legend.intersects(padded)) return false;
        for (Rectangle2D b : placed) if (b.intersects(padded)) return false;
        for (Rectangle2D a : anchors) if (a.intersects(padded)) return false;
        return true;
    }

    /**
     * Label text for whole numbers only (epoch axes): a blank elsewhere, which XChart's tick search treats as a clash
     * when there are two (it then widens the step). A space, not "": XChart cannot lay out empty text.
     */
    static String wholeNumber(Double x) {
        return Math.abs(x - Math.rint(x)) < 1e-6 ? String.valueOf((long) Math.rint(x)) : " ";
    }

    /** Screen position of a data point, or null when it is not finite / not on a log axis. */
    static double[] screen(XYChart c, double x, double y, int group) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) return null;
        if (c.getStyler().isXAxisLogarithmic() && x <= 0) return null;
        if (c.getStyler().isYAxisLogarithmic() && y <= 0) return null;
        return new double[]{c.getScreenXFromChart(x), c.getScreenYFromChart(y, group)};
    }

    /** Corner of the plot that no curve crosses (with the legend's own size), else below the plot. */
    static Styler.LegendPosition chooseLegend(XYChart c) {
        Rectangle2D plot = ChartGeometry.plot(c);
        Rectangle2D box = ChartGeometry.legend(c);
        if (box == null) return Styler.LegendPosition.OutsideS;
        double w = box.getWidth(), h = box.getHeight(), m = 6;
        if (w > plot.getWidth() * 0.6 || h > plot.getHeight() * 0.6) return Styler.LegendPosition.OutsideS;
        List<Line2D> segments = segments(c);
        Map<Styler.LegendPosition, Rectangle2D> corners = new LinkedHashMap<>();
        corners.put(Styler.LegendPosition.InsideNE, new Rectangle2D.Double(plot.getMaxX() - w - m, plot.getY() + m, w, h));
        corners.put(Styler.LegendPosition.InsideNW, new Rectangle2D.Double(plot.getX() + m, plot.getY() + m, w, h));
        corners.put(Styler.LegendPosition.InsideSE, new Rectangle2D.Double(plot.getMaxX() - w - m, plot.getMaxY() - h - m, w, h));
        corners.put(Styler.LegendPosition.InsideSW, new Rectangle2D.Double(plot.getX() + m, plot.getMaxY() - h - m, w, h));
        for (Map.Entry<Styler.LegendPosition, Rectangle2D> e : corners.entrySet()) {
            Rectangle2D r = e.getValue();
            Rectangle2D padded = new Rectangle2D.Double(r.getX() - 4, r.getY() - 4, r.getWidth() + 8, r.getHeight() + 8);
            if (segments.stream().noneMatch(s -> s.intersects(padded))) return e.getKey();
        }
        return Styler.LegendPosition.OutsideS;
    }

    /** Every drawn series as screen-space segments (single points as zero-length segments). */
    static List<Line2D> segments(XYChart c) {
        List<Line2D> out = new ArrayList<>();
        for (XYSeries s : c.getSeriesMap().values()) {
            if (FRAME.equals(s.getName())) continue;
            double[] xs = s.getXData(), ys = s.getYData();
            int g = s.getYAxisGroup();
            double[] prev = null;
            boolean line = s.getXYSeriesRenderStyle() != XYSeries.XYSeriesRenderStyle.Scatter;
            for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
                double[] p = screen(c, xs[i], ys[i], g);
                if (p == null) {
                    prev = null;
                    continue;
                }
                out.add(new Line2D.Double(line && prev != null ? prev[0] : p[0], line && prev != null ? prev[1] : p[1], p[0], p[1]));
                prev = p;
            }
        }
        return out;
    }

    /**
     * Adds an invisible first series from the smallest to the largest x of the chart so that XChart's tick search
     * never sees equally spaced data values (it then puts ticks on the data themselves) and rounds instead.
     */
    static void roundTicks(XYChart c) {
        Map<String, XYSeries> map = c.getSeriesMap();
        // nothing to round: no data (only the "no data" placeholder), or hidden ticks (parallel coordinates)
        if (map.isEmpty() || map.containsKey(FRAME) || map.containsKey(" ") || !c.getStyler().isXAxisTicksVisible()) return;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, y0 = Double.NaN;
        for (XYSeries s : map.values()) {
            double[] xs = s.getXData(), ys = s.getYData();
            for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
                if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) continue;
                lo = Math.min(lo, xs[i]);
                hi = Math.max(hi, xs[i]);
                if (Double.isNaN(y0) && s.getYAxisGroup() == 0) y0 = ys[i];
            }
        }
        if (!(hi > lo) || Double.isNaN(y0)) return;
        LinkedHashMap<String, XYSeries> rest = new LinkedHashMap<>(map);
        XYSeries frame = c.addSeries(FRAME, new double[]{lo, hi}, new double[]{y0, y0});
        frame.setShowInLegend(false);
        frame.setMarker(SeriesMarkers.NONE);
        frame.setLineStyle(SeriesLines.NONE);
        frame.setLineColor(new Color(0, 0, 0, 0));
        map.clear();
        map.put(FRAME, frame);
        map.putAll(rest);
    }

    /** Paints {@code c} off-screen at its own size, so that XChart computes its layout. */
    static void paint(XYChart c) {
        BufferedImage img = new BufferedImage(Math.max(1, c.getWidth()), Math.max(1, c.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            c.paint(g, c.getWidth(), c.getHeight());
        } finally {
            g.dispose();
        }
    }
}
