package trainbook.render;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns an XChart chart into PNG bytes or SVG markup, headless (no Swing window), and into a {@link Rich}
 * output with a plain-text description.
 */
public final class ChartEncoder {
    private static final java.util.regex.Pattern DECIMALS = java.util.regex.Pattern.compile("(\\d\\.\\d)\\d+");

    private ChartEncoder() {}

    /**
     * Pixel density of the charts the magics show: drawn at 2× their logical size and displayed at the logical size
     * (image metadata), so they stay sharp on high-DPI screens.
     */
    public static final int DENSITY = 2;

    /**
     * PNG bytes of the chart drawn at {@code scale}× its width and height (fonts, lines and markers scaled alike,
     * so the picture is the same, only sharper).
     */
    public static byte[] png(Chart<?, ?> chart, int scale) {
        if (scale < 1 || scale > 4) throw new IllegalArgumentException("scale=" + scale + " must be 1 to 4");
        if (scale == 1) return png(chart);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(chart.getWidth() * scale,
                chart.getHeight() * scale, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart as PNG", e);
        }
        return out.toByteArray();
    }

    /** PNG bytes of the chart at its own width and height. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart as PNG", e);
        }
    }

    /**
     * SVG markup of the chart (VectorGraphics2D through XChart's VectorGraphicsEncoder), starting at the
     * {@code <svg>} element: the XML prolog and the DOCTYPE (which points at an external DTD) are dropped so the
     * markup can be embedded or shown as {@code image/svg+xml} directly. XChart draws text as glyph outlines, so
     * labels are {@code <path>} elements, not {@code <text>}.
     */
    public static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart as SVG", e);
        }
        String svg = out.toString(StandardCharsets.UTF_8);
        int start = svg.indexOf("<svg");
        if (start > 0) svg = svg.substring(start);
        // coordinates to 1 decimal (0.1 px): less than half the size, invisible at any zoom a notebook offers
        svg = DECIMALS.matcher(svg).replaceAll("$1");
        return joinLines(svg);
    }

    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile(
            "<line style=\"([^\"]*)\" x1=\"([^\"]*)\" x2=\"([^\"]*)\" y1=\"([^\"]*)\" y2=\"([^\"]*)\"/>");

    /**
     * XChart draws a series as one {@code <line>} per segment; consecutive segments with the same style that
     * continue each other are joined into one {@code <polyline>} (same drawing, a fraction of the bytes).
     */
    static String joinLines(String svg) {
        java.util.regex.Matcher m = LINE.matcher(svg);
        StringBuilder out = new StringBuilder(svg.length());
        int last = 0;
        String style = null, endX = null, endY = null;
        StringBuilder points = null;
        int runStart = -1, runEnd = -1, segments = 0;
        while (m.find()) {
            boolean adjacent = points != null && svg.substring(runEnd, m.start()).isBlank() && m.group(1).equals(style)
                    && m.group(2).equals(endX) && m.group(4).equals(endY);
            if (adjacent) {
                points.append(' ').append(m.group(3)).append(',').append(m.group(5));
                segments++;
            } else {
                if (points != null) {
                    out.append(svg, last, runStart).append(segments == 1 ? svg.substring(runStart, runEnd)
                            : "<polyline style=\"" + style + "\" points=\"" + points + "\"/>");
                    last = runEnd;
                }
                style = m.group(1);
                points = new StringBuilder().append(m.group(2)).append(',').append(m.group(4)).append(' ')
                        .append(m.group(3)).append(',').append(m.group(5));
                runStart = m.start();
                segments = 1;
            }
            endX = m.group(3);
            endY = m.group(5);
            runEnd = m.end();
        }
        if (points != null) {
            out.append(svg, last, runStart).append(segments == 1 ? svg.substring(runStart, runEnd)
                    : "<polyline style=\"" + style + "\" points=\"" + points + "\"/>");
            last = runEnd;
        }
        return out.append(svg, last, svg.length()).toString();
    }

    /**
     * As {@link #encode(Chart, ChartFormat, String)} plus an interactive Vega-Lite spec of the same chart (null for
     * none): frontends that render Vega-Lite show it, the others the image from the same bundle.
     */
    public static Rich encode(Chart<?, ?> chart, ChartFormat format, String text, String vegaLite) {
        Rich r = encode(chart, format, text);
        return vegaLite == null ? r : r.with(Rich.VEGALITE, vegaLite);
    }

    /**
     * The chart as an image output in {@code format}, with {@code text} as its text/plain form: a PNG is drawn at
     * {@link #DENSITY}× and carries its logical size as metadata; an SVG carries its size too.
     */
    public static Rich encode(Chart<?, ?> chart, ChartFormat format, String text) {
        return format == ChartFormat.SVG
                ? Rich.svg(svg(chart), text).withSize(Rich.SVG, chart.getWidth(), chart.getHeight())
                : Rich.png(png(chart, DENSITY), text).withSize(Rich.PNG, chart.getWidth(), chart.getHeight());
    }
}
