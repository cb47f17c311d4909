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
        return DECIMALS.matcher(svg).replaceAll("$1");
    }

    /** The chart as an image output in {@code format}, with {@code text} as its text/plain form. */
    public static Rich encode(Chart<?, ?> chart, ChartFormat format, String text) {
        return format == ChartFormat.SVG ? Rich.svg(svg(chart), text) : Rich.png(png(chart), text);
    }
}
