package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The kernel's renderers beyond the base's (images, text): XChart charts as PNG (SVG on request) and Tablesaw
 * tables as an HTML table capped at {@link #DEFAULT_MAX_ROWS} rows plus a text table.
 */
public final class KernelRenderers {
    /** Rows an HTML or text table shows before it says how many more there are. */
    public static final int DEFAULT_MAX_ROWS = 50;
    /** Render parameter that overrides {@link #DEFAULT_MAX_ROWS}. */
    public static final String MAX_ROWS_PARAM = "maxRows";

    private KernelRenderers() {}

    /** Registers the chart and table renderers on {@code renderer}. */
    public static void registerAll(Renderer renderer) {
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_SVG)
                .register(KernelRenderers::renderChart);
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register(KernelRenderers::renderTable);
    }

    static void renderChart(Chart<?, ?> chart, RenderContext context) {
        context.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(chartPng(chart)));
        context.renderIfRequested(MIMEType.IMAGE_SVG, () -> chartSvg(chart));
    }

    static void renderTable(Table table, RenderContext context) {
        int maxRows = context.getParameterAsInt(MAX_ROWS_PARAM, DEFAULT_MAX_ROWS);
        context.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(table, maxRows));
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> tableText(table, maxRows));
    }

    /** The chart as PNG bytes, drawn through XChart's bitmap encoder. */
    public static byte[] chartPng(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as PNG", e);
        }
    }

    /** The chart as an SVG document, drawn through XChart's vector encoder (VectorGraphics2D). */
    public static String chartSvg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as SVG", e);
        }
        return stripProlog(out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Drops the XML declaration and DOCTYPE before the {@code <svg>} element: Jupyter embeds SVG inline in HTML, and
     * nbconvert's HTML export rejects a string with an encoding declaration.
     */
    static String stripProlog(String svg) {
        int start = svg.indexOf("<svg");
        return start > 0 ? svg.substring(start) : svg;
    }

    /** An HTML table of the first {@code maxRows} rows, with a caption (name, size) and a note on hidden rows. */
    public static String tableHtml(Table table, int maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows '" + maxRows + "' is negative; use 0 or more");
        }
        List<String> names = table.columnNames();
        int shown = Math.min(maxRows, table.rowCount());
        StringBuilder html = new StringBuilder(256 + shown * names.size() * 16);
        html.append("<table class=\"trainbook-table\">");
        html.append("<caption>");
        if (table.name() != null && !table.name().isBlank()) html.append(escape(table.name())).append(" &middot; ");
        html.append(table.rowCount()).append(" rows &times; ").append(table.columnCount()).append(" columns");
        html.append("</caption><thead><tr>");
        for (String name : names) html.append("<th>").append(escape(name)).append("</th>");
        html.append("</tr></thead><tbody>");
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (int c = 0; c < names.size(); c++) {
                html.append("<td>").append(escape(table.getString(r, c))).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody>");
        if (shown < table.rowCount()) {
            html.append("<tfoot><tr><td colspan=\"").append(Math.max(1, names.size())).append("\">&hellip; ")
                    .append(table.rowCount() - shown).append(" more rows</td></tr></tfoot>");
        }
        html.append("</table>");
        return html.toString();
    }

    /** Tablesaw's text table, at most {@code maxRows} rows of it (Tablesaw picks first and last rows). */
    public static String tableText(Table table, int maxRows) {
        if (table.rowCount() <= maxRows) return table.printAll();
        return table.print(maxRows) + "\n(" + maxRows + " of " + table.rowCount() + " rows shown)";
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '&': out.append("&amp;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(ch);
            }
        }
        return out.toString();
    }
}
