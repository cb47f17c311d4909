package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;
import trainbook.render.ChartEncoder;
import trainbook.render.table.TableView;

import java.util.Base64;

/**
 * The kernel's renderers beyond the base's (images, text): XChart charts as PNG (SVG on request) and Tablesaw
 * tables as an HTML table capped at {@link #DEFAULT_MAX_ROWS} rows plus a text table. The drawing is render's
 * ({@link ChartEncoder}, {@link TableView}), so a chart or table shown by a cell looks like one shown by a magic.
 */
public final class KernelRenderers {
    /** Rows an HTML or text table shows before it says how many more there are. */
    public static final int DEFAULT_MAX_ROWS = TableView.DEFAULT_MAX_ROWS;
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

    /** The chart as PNG bytes at its own size (render's chart encoder, which the magics' charts use too). */
    public static byte[] chartPng(Chart<?, ?> chart) {
        return ChartEncoder.png(chart);
    }

    /** The chart as an SVG element without XML prolog (nbconvert embeds SVG inline in HTML). */
    public static String chartSvg(Chart<?, ?> chart) {
        return ChartEncoder.svg(chart);
    }

    /**
     * The first {@code maxRows} rows as HTML, captioned with the table's name and size, with a note on the rows not
     * shown: render's table view, which the magics' tables use too.
     */
    public static String tableHtml(Table table, int maxRows) {
        return view(table, maxRows).html();
    }

    /** The same as aligned text. */
    public static String tableText(Table table, int maxRows) {
        return view(table, maxRows).text();
    }

    private static TableView view(Table table, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows '" + maxRows + "' is less than 1; use 1 or more");
        }
        String name = table.name() == null || table.name().isBlank() ? "" : table.name() + " · ";
        return TableView.of(table).maxRows(maxRows)
                .caption(name + table.rowCount() + " rows × " + table.columnCount() + " columns");
    }
}
