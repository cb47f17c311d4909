package trainbook.render.table;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import trainbook.render.Fmt;
import trainbook.render.Html;
import trainbook.render.Rich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A Tablesaw {@link Table} rendered for a notebook: an HTML table (inline styles only, every cell escaped,
 * well-formed XML) and an aligned plain-text table, both showing at most {@code maxRows} rows followed by a
 * "… N more rows" note. Numeric columns are right-aligned and formatted with {@link Fmt#val}; columns marked as
 * code are shown in {@code <code>} (e.g. a copyable {@code %train} fragment).
 */
public final class TableView {
    /** Row cap used unless {@link #maxRows(int)} says otherwise. */
    public static final int DEFAULT_MAX_ROWS = 50;

    private final Table table;
    private String caption;
    private int maxRows = DEFAULT_MAX_ROWS;
    private IntFunction<String> rowStyle = r -> null;
    private final Set<String> code = new HashSet<>();
    private final Map<String, IntFunction<String>> cellStyle = new HashMap<>();
    private final Map<String, java.util.function.DoubleFunction<String>> formats = new HashMap<>();

    private TableView(Table table) {
        this.table = table;
    }

    /** A view of {@code table}. */
    public static TableView of(Table table) {
        if (table == null) throw new IllegalArgumentException("table is null");
        return new TableView(table);
    }

    /** Caption shown above the table (escaped). */
    public TableView caption(String c) {
        this.caption = c;
        return this;
    }

    /**
     * Shows at most {@code n} rows.
     *
     * @throws IllegalArgumentException when n &lt; 1
     */
    public TableView maxRows(int n) {
        if (n < 1) throw new IllegalArgumentException("maxRows=" + n + " must be at least 1");
        this.maxRows = n;
        return this;
    }

    /** Inline CSS for a whole row (by row index), or null. */
    public TableView rowStyle(IntFunction<String> f) {
        this.rowStyle = f == null ? r -> null : f;
        return this;
    }

    /** Inline CSS for the cells of one column (by row index), or null. */
    public TableView cellStyle(String column, IntFunction<String> f) {
        cellStyle.put(column, f);
        return this;
    }

    /** Formats the numbers of one numeric column (default {@link Fmt#val}), e.g. {@code Fmt::num} for LRs. */
    public TableView format(String column, java.util.function.DoubleFunction<String> f) {
        formats.put(column, f);
        return this;
    }

    /** Renders the named columns' cells as {@code <code>}. */
    public TableView code(String... columns) {
        code.addAll(List.of(columns));
        return this;
    }

    public Table table() { return table; }

    /** Rows shown (≤ row cap). */
    public int shownRows() { return Math.min(table.rowCount(), maxRows); }

    /** The text a cell shows. */
    public String cell(int col, int row) {
        Column<?> c = table.column(col);
        if (c.isMissing(row)) return "";
        if (c instanceof IntColumn ic) return Integer.toString(ic.getInt(row));
        if (c instanceof LongColumn lc) return Long.toString(lc.getLong(row));
        if (c instanceof NumericColumn<?> nc) {
            java.util.function.DoubleFunction<String> f = formats.get(c.name());
            return f != null ? f.apply(nc.getDouble(row)) : Fmt.val(nc.getDouble(row));
        }
        return c.getString(row);
    }

    private boolean numeric(int col) {
        return table.column(col) instanceof NumericColumn<?>;
    }

    private String moreNote() {
        int more = table.rowCount() - shownRows();
        return more > 0 ? "… " + more + " more row" + (more == 1 ? "" : "s") + " (" + table.rowCount() + " in all)" : null;
    }

    /** The HTML form. */
    public String html() {
        StringBuilder b = new StringBuilder("<div>");
        if (caption != null && !caption.isEmpty()) {
            b.append("<div style=\"font-weight:bold;margin:4px 0\">").append(Html.escape(caption)).append("</div>");
        }
        b.append("<table style=\"border-collapse:collapse;font-size:12px;font-family:sans-serif\"><thead><tr>");
        for (int c = 0; c < table.columnCount(); c++) {
            b.append("<th style=\"text-align:").append(numeric(c) ? "right" : "left")
                    .append(";padding:3px 8px;border-bottom:2px solid #999\">")
                    .append(Html.escape(table.column(c).name())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (int r = 0; r < shownRows(); r++) {
            String rs = rowStyle.apply(r);
            b.append("<tr").append(rs == null ? "" : " style=\"" + Html.escape(rs) + "\"").append(">");
            for (int c = 0; c < table.columnCount(); c++) {
                String name = table.column(c).name();
                IntFunction<String> cs = cellStyle.get(name);
                String extra = cs == null ? null : cs.apply(r);
                b.append("<td style=\"text-align:").append(numeric(c) ? "right" : "left")
                        .append(";padding:3px 8px;border-bottom:1px solid #e4e4e4;vertical-align:top")
                        .append(extra == null ? "" : ";" + Html.escape(extra)).append("\">");
                String v = Html.escape(cell(c, r));
                if (code.contains(name) && !v.isEmpty()) b.append("<code>").append(v).append("</code>");
                else b.append(v);
                b.append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table>");
        String more = moreNote();
        if (more != null) b.append("<div style=\"color:#777;font-size:11px\">").append(Html.escape(more)).append("</div>");
        return b.append("</div>").toString();
    }

    /** The aligned plain-text form. */
    public String text() {
        int cols = table.columnCount(), rows = shownRows();
        List<String[]> lines = new ArrayList<>();
        String[] head = new String[cols];
        for (int c = 0; c < cols; c++) head[c] = table.column(c).name();
        lines.add(head);
        for (int r = 0; r < rows; r++) {
            String[] l = new String[cols];
            for (int c = 0; c < cols; c++) l[c] = cell(c, r).replace('\n', ' ');
            lines.add(l);
        }
        int[] w = new int[cols];
        for (String[] l : lines) for (int c = 0; c < cols; c++) w[c] = Math.max(w[c], l[c].length());
        StringBuilder b = new StringBuilder();
        if (caption != null && !caption.isEmpty()) b.append(caption).append('\n');
        for (int i = 0; i < lines.size(); i++) {
            String[] l = lines.get(i);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) line.append("  ");
                String pad = " ".repeat(w[c] - l[c].length());
                line.append(numeric(c) && i > 0 ? pad + l[c] : l[c] + (c == cols - 1 ? "" : pad));
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = 0;
                for (int c = 0; c < cols; c++) total += w[c] + (c > 0 ? 2 : 0);
                b.append("-".repeat(Math.max(1, total))).append('\n');
            }
        }
        String more = moreNote();
        if (more != null) b.append(more).append('\n');
        return b.toString().stripTrailing();
    }

    /** HTML and text together. */
    public Rich render() {
        return Rich.html(html(), text());
    }
}
