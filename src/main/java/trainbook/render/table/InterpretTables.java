package trainbook.render.table;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.interpret.Interpretation;
import trainbook.render.Fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tables of an {@link Interpretation} as Tablesaw tables with their {@link TableView}s: the confusion matrix
 * (cells shaded by their share of the row), per-class precision/recall/F1/support with macro and weighted
 * averages, the most confused pairs, the top losses (with the feature values for tabular data) and the largest
 * residuals.
 */
public final class InterpretTables {
    /** Most feature columns shown beside a top-loss or residual row. */
    static final int MAX_FEATURES = 24;
    static final String CORNER = "actual \\ predicted";

    private InterpretTables() {}

    /** The confusion matrix: one row per actual class, one column per predicted class. */
    public static Table confusion(Interpretation in) {
        Table t = Table.create("confusion matrix");
        List<String> names = columnNames(in.classNames());
        t.addColumns(StringColumn.create(CORNER, in.classNames()));
        long[][] cm = in.confusion();
        for (int p = 0; p < names.size(); p++) {
            LongColumn c = LongColumn.create(names.get(p));
            for (long[] row : cm) c.append(row[p]);
            t.addColumns(c);
        }
        return t;
    }

    /** Column names must be unique and must not collide with the corner column. */
    private static List<String> columnNames(List<String> classes) {
        List<String> out = new ArrayList<>();
        for (String n : classes) {
            String c = n.isEmpty() ? "(empty)" : n;
            while (out.contains(c) || c.equals(CORNER)) c = c + " ";
            out.add(c);
        }
        return out;
    }

    /** The confusion matrix view: the diagonal green, errors shaded red by their share of the actual class. */
    public static TableView confusionView(Interpretation in) {
        Table t = confusion(in);
        long[][] cm = in.confusion();
        TableView v = TableView.of(t).caption("confusion matrix (" + in.split() + "): rows actual, columns predicted")
                .maxRows(Math.max(1, cm.length));
        for (int p = 0; p < cm.length; p++) {
            final int col = p;
            v.cellStyle(t.column(p + 1).name(), row -> {
                long total = 0;
                for (long x : cm[row]) total += x;
                if (total == 0 || cm[row][col] == 0) return null;
                double share = cm[row][col] / (double) total;
                int alpha = (int) Math.round(20 + 200 * share);
                return row == col
                        ? String.format(Locale.ROOT, "background:rgba(0,158,115,%.2f)", alpha / 255.0)
                        : String.format(Locale.ROOT, "background:rgba(213,94,0,%.2f)", Math.min(1, alpha * 2.5 / 255.0));
            });
        }
        return v;
    }

    /** Per-class precision, recall, F1 and support, then the macro and support-weighted averages. */
    public static Table perClass(Interpretation in) {
        StringColumn cls = StringColumn.create("class");
        DoubleColumn precision = DoubleColumn.create("precision"), recall = DoubleColumn.create("recall"),
                f1 = DoubleColumn.create("f1");
        LongColumn support = LongColumn.create("support");
        double wp = 0, wr = 0, wf = 0;
        long total = 0;
        for (Interpretation.ClassMetrics m : in.perClass()) {
            cls.append(m.name());
            precision.append(m.precision());
            recall.append(m.recall());
            f1.append(m.f1());
            support.append(m.support());
            wp += m.precision() * m.support();
            wr += m.recall() * m.support();
            wf += m.f1() * m.support();
            total += m.support();
        }
        cls.append("macro avg");
        precision.append(in.macroPrecision());
        recall.append(in.macroRecall());
        f1.append(in.macroF1());
        support.append(total);
        cls.append("weighted avg");
        precision.append(total == 0 ? Double.NaN : wp / total);
        recall.append(total == 0 ? Double.NaN : wr / total);
        f1.append(total == 0 ? Double.NaN : wf / total);
        support.append(total);
        return Table.create("per-class metrics").addColumns(cls, precision, recall, f1, support);
    }

    /** The per-class table view: the averages set apart, the weakest F1 marked. */
    public static TableView perClassView(Interpretation in) {
        Table t = perClass(in);
        int classes = in.perClass().size();
        int worst = -1;
        for (int i = 0; i < classes; i++) {
            Interpretation.ClassMetrics m = in.perClass().get(i);
            if (m.support() > 0 && (worst < 0 || m.f1() < in.perClass().get(worst).f1())) worst = i;
        }
        final int w = worst;
        return TableView.of(t).caption("per-class metrics (" + in.split() + "), accuracy " + Fmt.pct(in.accuracy()))
                .maxRows(classes + 2)
                .format("precision", x -> fmt3(x)).format("recall", x -> fmt3(x)).format("f1", x -> fmt3(x))
                .rowStyle(r -> r == classes ? "border-top:2px solid #999;font-style:italic"
                        : r > classes ? "font-style:italic" : r == w ? "background:#fdecea" : null);
    }

    private static String fmt3(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.3f", x);
    }

    /** The most confused pairs: actual, predicted, count and the share of the actual class it takes. */
    public static Table confused(Interpretation in) {
        StringColumn a = StringColumn.create("actual"), p = StringColumn.create("predicted");
        LongColumn n = LongColumn.create("count");
        DoubleColumn share = DoubleColumn.create("share of actual");
        for (Interpretation.ConfusedPair c : in.mostConfused()) {
            a.append(c.actualName());
            p.append(c.predictedName());
            n.append(c.count());
            long support = in.perClass().get(c.actual()).support();
            share.append(support == 0 ? Double.NaN : c.count() / (double) support);
        }
        return Table.create("most confused").addColumns(a, p, n, share);
    }

    public static TableView confusedView(Interpretation in) {
        return TableView.of(confused(in)).caption("most confused pairs (" + in.split() + ")")
                .format("share of actual", Fmt::pct);
    }

    /**
     * The top losses, highest first: rank, sample index, actual, predicted, loss, probabilities, then (for tabular
     * data) the sample's feature values as the data holds them, before standardisation.
     */
    public static Table topLosses(Interpretation in, boolean withFeatures) {
        IntColumn rank = IntColumn.create("#"), index = IntColumn.create("index");
        StringColumn a = StringColumn.create("actual"), p = StringColumn.create("predicted");
        DoubleColumn loss = DoubleColumn.create("loss"), pa = DoubleColumn.create("p(actual)"),
                pp = DoubleColumn.create("p(predicted)");
        int r = 1;
        for (Interpretation.TopLoss t : in.topLosses()) {
            rank.append(r++);
            index.append(t.index());
            a.append(t.actualName());
            p.append(t.predictedName());
            loss.append(t.loss());
            pa.append(t.probActual());
            pp.append(t.probPredicted());
        }
        Table t = Table.create("top losses").addColumns(rank, index, a, p, loss, pa, pp);
        if (withFeatures) addFeatures(t, in, in.topLosses().stream().map(Interpretation.TopLoss::sample).toList());
        return t;
    }

    public static TableView topLossesView(Interpretation in, boolean withFeatures) {
        return TableView.of(topLosses(in, withFeatures))
                .caption("top " + in.topLosses().size() + " losses (" + in.split() + "), highest first")
                .format("p(actual)", x -> fmt3(x)).format("p(predicted)", x -> fmt3(x))
                .maxRows(Math.max(1, in.topLosses().size()));
    }

    /** The largest residuals: rank, sample index, actual, predicted, residual, loss, then the features. */
    public static Table residuals(Interpretation in) {
        IntColumn rank = IntColumn.create("#"), index = IntColumn.create("index");
        DoubleColumn a = DoubleColumn.create("actual"), p = DoubleColumn.create("predicted"),
                res = DoubleColumn.create("residual"), loss = DoubleColumn.create("loss");
        int r = 1;
        for (Interpretation.Residual x : in.residuals()) {
            rank.append(r++);
            index.append(x.index());
            a.append(x.actual());
            p.append(x.predicted());
            res.append(x.residual());
            loss.append(x.loss());
        }
        Table t = Table.create("largest residuals").addColumns(rank, index, a, p, res, loss);
        if (!in.isImage()) addFeatures(t, in, in.residuals().stream().map(Interpretation.Residual::sample).toList());
        return t;
    }

    public static TableView residualsView(Interpretation in) {
        return TableView.of(residuals(in))
                .caption("largest " + in.residuals().size() + " residuals (" + in.split() + "), predicted − actual")
                .maxRows(Math.max(1, in.residuals().size()));
    }

    private static void addFeatures(Table t, Interpretation in, List<float[]> samples) {
        if (samples.isEmpty()) return;
        int f = samples.get(0).length;
        List<String> names = in.featureNames().size() == f ? in.featureNames() : null;
        List<String> taken = new ArrayList<>(t.columnNames());
        for (int j = 0; j < Math.min(f, MAX_FEATURES); j++) {
            String name = names != null ? names.get(j) : "f" + j;
            while (taken.contains(name)) name = name + " ";
            taken.add(name);
            DoubleColumn c = DoubleColumn.create(name);
            for (float[] s : samples) c.append(s[j]);
            t.addColumns(c);
        }
    }
}
