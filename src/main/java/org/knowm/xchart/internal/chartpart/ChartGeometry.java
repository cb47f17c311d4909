package org.knowm.xchart.internal.chartpart;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Where XChart put things in its last paint: the plot area, the legend box and the visible tick labels. XChart keeps
 * these package-private; Trainbook's chart layout (legend placement, label placement) and its tests measure them
 * here instead of guessing. Valid only after the chart was painted at its own size.
 */
public final class ChartGeometry {
    private ChartGeometry() {}

    /** A visible tick label and its position along the axis, in chart pixels. */
    public record Tick(String label, double position) {}

    /** The plot area (inside the axes) in chart pixels. */
    public static Rectangle2D plot(Chart<?, ?> chart) {
        return chart.getPlot().getBounds();
    }

    /** The legend box in chart pixels, or null when the legend is hidden or was not drawn. */
    public static Rectangle2D legend(Chart<?, ?> chart) {
        if (!chart.getStyler().isLegendVisible() || chart.getLegend() == null) return null;
        Legend_<?, ?> legend = chart.getLegend();
        Rectangle2D b = legend.getBounds();
        // XChart keeps only the legend's size in its bounds; where it drew the box is in the offsets
        return b == null || b.getWidth() <= 0 ? null
                : new Rectangle2D.Double(legend.xOffset, legend.yOffset, b.getWidth(), b.getHeight());
    }

    /** The x axis' tick labels that are drawn (non-null, inside the axis), with their x in chart pixels. */
    public static List<Tick> xTicks(Chart<?, ?> chart) {
        Axis<?, ?> axis = chart.getXAxis();
        if (axis.getAxisTickCalculator() == null) return List.of();
        double from = axis.getBounds().getX(), width = axis.getBounds().getWidth();
        return ticks(axis.getAxisTickCalculator(), from, width, false);
    }

    /** The tick labels of y axis group {@code index} that are drawn, with their y in chart pixels. */
    public static List<Tick> yTicks(Chart<?, ?> chart, int index) {
        Axis<?, ?> axis = chart.getYAxis(index);
        if (axis == null || axis.getAxisTickCalculator() == null) return List.of();
        double from = axis.getBounds().getY(), height = axis.getBounds().getHeight();
        return ticks(axis.getAxisTickCalculator(), from, height, true);
    }

    private static List<Tick> ticks(AxisTickCalculator calc, double from, double extent, boolean vertical) {
        List<Tick> out = new ArrayList<>();
        List<String> labels = calc.getTickLabels();
        List<Double> at = calc.getTickLocations();
        for (int i = 0; i < Math.min(labels.size(), at.size()); i++) {
            double p = vertical ? from + extent - at.get(i) : from + at.get(i);
            boolean inside = vertical ? at.get(i) > 0 && at.get(i) < extent : p > from && p < from + extent;
            if (labels.get(i) != null && inside) out.add(new Tick(labels.get(i), p));
        }
        return out;
    }
}
