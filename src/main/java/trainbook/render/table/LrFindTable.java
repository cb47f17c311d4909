package trainbook.render.table;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.render.Fmt;

import java.util.Map;

/**
 * The {@code %lrfind} suggestions table: one row per rule with its LR, whether it agrees with the chosen LR
 * (within a factor of {@value #AGREE_FACTOR}), and its confidence: how many rules (itself included) agree with it
 * within that factor, out of all rules that answered.
 */
public final class LrFindTable {
    /** Two learning rates agree when they are within this factor of each other. */
    public static final double AGREE_FACTOR = 3;

    private LrFindTable() {}

    /** Table against the result's own suggestion. */
    public static TableView table(LrFindResult r) {
        return table(r, r.suggested());
    }

    /**
     * Table against {@code chosenLr} (e.g. the {@code lr=} a %train used); NaN → the result's suggestion.
     */
    public static TableView table(LrFindResult r, double chosenLr) {
        if (r == null) throw new IllegalArgumentException("lrfind result is null: run %lrfind first");
        double chosen = Double.isFinite(chosenLr) && chosenLr > 0 ? chosenLr : r.suggested();
        StringColumn rule = StringColumn.create("rule");
        DoubleColumn lr = DoubleColumn.create("lr");
        StringColumn agrees = StringColumn.create("agrees with " + Fmt.num(chosen));
        StringColumn conf = StringColumn.create("confidence");
        int answered = 0;
        for (Double v : r.suggestions().values()) if (v != null && v > 0 && Double.isFinite(v)) answered++;
        for (Map.Entry<String, Double> e : r.suggestions().entrySet()) {
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            rule.append(e.getKey() + (e.getKey().equals(r.rule()) ? " (chosen rule)" : ""));
            lr.append(v);
            agrees.append(Double.isFinite(v) && v > 0 ? (agree(v, chosen) ? "yes" : "no (" + ratio(v, chosen) + ")") : "–");
            int n = 0;
            for (Double o : r.suggestions().values()) if (o != null && Double.isFinite(v) && v > 0 && o > 0 && agree(v, o)) n++;
            conf.append(n + "/" + answered + " rules");
        }
        Table t = Table.create("lrfind", rule, lr, agrees, conf);
        String cap = "suggested lr=" + Fmt.num(r.suggested()) + " (" + r.rule() + "; " + r.confidence() + "/" + answered
                + " rules agree within " + Fmt.num(AGREE_FACTOR) + "×)";
        return TableView.of(t).caption(cap).maxRows(20).format("lr", Fmt::num)
                .rowStyle(i -> rule.get(i).endsWith("(chosen rule)") ? "font-weight:bold" : null);
    }

    static boolean agree(double a, double b) {
        return a > 0 && b > 0 && Math.max(a, b) / Math.min(a, b) <= AGREE_FACTOR;
    }

    static String ratio(double v, double chosen) {
        double q = v / chosen;
        return q >= 1 ? Fmt.val(q) + "× higher" : Fmt.val(1 / q) + "× lower";
    }
}
