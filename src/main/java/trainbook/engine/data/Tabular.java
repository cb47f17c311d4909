package trainbook.engine.data;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.NumericColumn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a Tablesaw {@link Table} (from a notebook or {@code csv:PATH}) into {@link HostData}: numeric feature
 * columns as they are (the engine standardises them later with training-set statistics), other feature columns
 * one-hot encoded, and the target column either mapped to classes (text, boolean, or whole numbers with few
 * distinct values) or kept as a regression value.
 */
public final class Tabular {
    /** Integer targets with at most this many distinct values are treated as classes when the task is open. */
    static final int MAX_INFERRED_CLASSES = 20;

    private Tabular() {}

    /** Reads a CSV file with Tablesaw. */
    public static Table readCsv(String path) {
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("csv file '" + path + "' not found (data=csv:PATH takes a path to a"
                    + " CSV file with a header row)");
        }
        try {
            return Table.read().csv(p.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot parse csv file '" + path + "': " + e.getMessage(), e);
        }
    }

    /**
     * Converts a table.
     *
     * @param table  the data
     * @param target target column name; null means the last column
     * @param task   {@code classification}, {@code regression}, or null to infer from the target column
     * @param name   data name to record
     */
    public static HostData fromTable(Table table, String target, String task, String name) {
        if (table.columnCount() < 2) {
            throw new IllegalArgumentException("data '" + name + "': a table needs at least one feature column and"
                    + " a target column; it has " + table.columnCount() + " column(s)");
        }
        String tgt = target == null ? table.column(table.columnCount() - 1).name() : target;
        if (!table.columnNames().contains(tgt)) {
            throw new IllegalArgumentException("target '" + tgt + "' is not a column of " + name + "; columns: "
                    + String.join(", ", table.columnNames()));
        }
        int n = table.rowCount();
        Column<?> yc = table.column(tgt);
        List<float[]> cols = featureColumns(table, tgt, name);
        int f = cols.size();
        float[] x = new float[n * f];
        for (int j = 0; j < f; j++) {
            float[] v = cols.get(j);
            for (int i = 0; i < n; i++) x[i * f + j] = v[i];
        }
        // target
        boolean numericTarget = yc instanceof NumericColumn<?>;
        String t = task != null ? task : inferTask(yc, n);
        float[] y = new float[n];
        List<String> classNames = new ArrayList<>();
        int classes = 0;
        if (HostData.CLASSIFICATION.equals(t)) {
            classes = encodeClasses(yc, n, y, classNames);
        } else {
            if (!numericTarget) {
                throw new IllegalArgumentException("target '" + tgt + "' holds text (" + yc.type() + "), which cannot"
                        + " be a regression target; use loss=ce for classification");
            }
            NumericColumn<?> nc = (NumericColumn<?>) yc;
            for (int i = 0; i < n; i++) y[i] = nc.isMissing(i) ? Float.NaN : (float) nc.getDouble(i);
        }
        return new HostData(name, x, new long[]{f}, y, t, classes, classNames, false);
    }

    /** Each feature column as floats: a numeric column as it is (missing: NaN), a text column one-hot per value. */
    private static List<float[]> featureColumns(Table table, String tgt, String name) {
        int n = table.rowCount();
        List<float[]> cols = new ArrayList<>();
        for (Column<?> c : table.columns()) {
            if (c.name().equals(tgt)) continue;
            if (c instanceof NumericColumn<?> nc) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = nc.isMissing(i) ? Float.NaN : (float) nc.getDouble(i);
                cols.add(v);
            } else {
                List<String> levels = new ArrayList<>(new TreeSet<>(stringValues(c)));
                if (levels.size() > 100) {
                    throw new IllegalArgumentException("column '" + c.name() + "' of " + name + " has "
                            + levels.size() + " distinct text values; drop it or encode it as numbers");
                }
                for (String level : levels) {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) v[i] = level.equals(c.getString(i)) ? 1f : 0f;
                    cols.add(v);
                }
            }
        }
        return cols;
    }

    /** The task a target column implies: text, or at most {@link #MAX_INFERRED_CLASSES} whole numbers, is classification. */
    private static String inferTask(Column<?> yc, int n) {
        if (!(yc instanceof NumericColumn<?> nc)) return HostData.CLASSIFICATION;
        TreeSet<Double> distinct = new TreeSet<>();
        boolean integers = true;
        for (int i = 0; i < n && integers; i++) {
            double v = nc.getDouble(i);
            if (v != Math.rint(v)) integers = false;
            distinct.add(v);
        }
        return integers && distinct.size() <= MAX_INFERRED_CLASSES ? HostData.CLASSIFICATION : HostData.REGRESSION;
    }

    /** Class indices into {@code y} (classes in sorted order) and their names into {@code classNames}; the count. */
    private static int encodeClasses(Column<?> yc, int n, float[] y, List<String> classNames) {
        Map<String, Integer> index = new LinkedHashMap<>();
        if (yc instanceof NumericColumn<?> nc) {
            TreeSet<Double> distinct = new TreeSet<>();
            for (int i = 0; i < n; i++) distinct.add(nc.getDouble(i));
            for (double d : distinct) index.put(fmt(d), index.size());
            for (int i = 0; i < n; i++) y[i] = index.get(fmt(nc.getDouble(i)));
        } else {
            for (String s : new TreeSet<>(stringValues(yc))) index.put(s, index.size());
            for (int i = 0; i < n; i++) y[i] = index.get(yc.getString(i));
        }
        classNames.addAll(index.keySet());
        return index.size();
    }

    /**
     * The names of the feature columns {@link #fromTable} makes from {@code table}, in its order: a numeric column
     * keeps its name, a text column becomes one {@code column=level} per level.
     */
    public static List<String> featureNames(Table table, String target) {
        String tgt = target == null ? table.column(table.columnCount() - 1).name() : target;
        List<String> out = new ArrayList<>();
        for (Column<?> c : table.columns()) {
            if (c.name().equals(tgt)) continue;
            if (c instanceof NumericColumn<?>) {
                out.add(c.name());
            } else {
                for (String level : new TreeSet<>(stringValues(c))) out.add(c.name() + "=" + level);
            }
        }
        return out;
    }

    private static List<String> stringValues(Column<?> c) {
        List<String> out = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) out.add(c.getString(i));
        return out;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static boolean isNumeric(ColumnType type) {
        return type == ColumnType.DOUBLE || type == ColumnType.FLOAT || type == ColumnType.INTEGER
                || type == ColumnType.LONG || type == ColumnType.SHORT;
    }
}
