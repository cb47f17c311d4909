package trainbook.render.table;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialState;
import trainbook.render.Fmt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A study's leaderboard: running trials first, then complete ones best first, then pruned ones (by how far they
 * got, then their last value), then failed ones. Columns: trial, state, each parameter, the objective, the epochs
 * (steps) reached and the saved run.
 */
public final class StudyTable {
    public static final int MAX_ROWS = 30;

    private StudyTable() {}

    /** Trials in leaderboard order (see the class comment). */
    public static List<Trial> ranked(List<Trial> trials, Direction direction) {
        List<Trial> out = new ArrayList<>(trials);
        Comparator<Trial> byState = Comparator.comparingInt(t -> switch (t.state()) {
            case RUNNING -> 0;
            case COMPLETE -> 1;
            case PRUNED -> 2;
            case FAILED -> 3;
        });
        out.sort(byState.thenComparing((a, b) -> {
            if (a.state() == TrialState.PRUNED && a.lastStep() != b.lastStep()) return Integer.compare(b.lastStep(), a.lastStep());
            double x = direction.sign() * a.score(), y = direction.sign() * b.score();
            if (Double.isNaN(x) || Double.isNaN(y)) return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            return Double.compare(x, y);
        }).thenComparingInt(Trial::number));
        return out;
    }

    /** The leaderboard table; {@code planned} steps per trial (epochs) or 0 when unknown. */
    public static TableView board(List<Trial> trials, List<String> params, String metric, Direction direction, int planned) {
        List<Trial> sorted = ranked(trials, direction);
        IntColumn num = IntColumn.create("trial");
        StringColumn state = StringColumn.create("state");
        List<StringColumn> ps = new ArrayList<>();
        for (String p : params) ps.add(StringColumn.create(p));
        DoubleColumn value = DoubleColumn.create(metric);
        StringColumn steps = StringColumn.create("epochs");
        StringColumn run = StringColumn.create("run");
        for (Trial t : sorted) {
            num.append(t.number());
            state.append(t.state().label());
            for (int i = 0; i < params.size(); i++) {
                Object v = t.params().get(params.get(i));
                ps.get(i).append(v instanceof Double d ? Fmt.num(d) : String.valueOf(v));
            }
            double v = t.state() == TrialState.RUNNING && !t.intermediate().isEmpty() ? t.intermediate().lastEntry().getValue() : t.score();
            value.append(v);
            int reached = Math.max(0, t.lastStep());
            steps.append(planned > 0 ? reached + "/" + planned : Integer.toString(reached));
            run.append(t.run() == null ? (t.error() == null ? "" : "error: " + t.error()) : t.run());
        }
        Table tb = Table.create("study");
        tb.addColumns(num, state);
        for (StringColumn c : ps) tb.addColumns(c);
        tb.addColumns(value, steps, run);
        long complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        long pruned = trials.stream().filter(t -> t.state() == TrialState.PRUNED).count();
        long running = trials.stream().filter(t -> t.state() == TrialState.RUNNING).count();
        long failed = trials.stream().filter(t -> t.state() == TrialState.FAILED).count();
        String cap = "study leaderboard: " + complete + " complete, " + pruned + " pruned"
                + (running > 0 ? ", " + running + " running" : "") + (failed > 0 ? ", " + failed + " failed" : "")
                + " by " + metric + " (" + (direction == Direction.MAXIMIZE ? "higher" : "lower") + " is better;"
                + " a running trial shows its latest value, a pruned one its last)";
        return TableView.of(tb).caption(cap).maxRows(MAX_ROWS).rowStyle(i -> switch (sorted.get(i).state()) {
            case RUNNING -> "background:#eef3fb";
            case PRUNED -> "color:#888888";
            case FAILED -> "color:#b03030";
            case COMPLETE -> sorted.get(i) == firstComplete(sorted) ? "background:#eef7ee" : null;
        });
    }

    private static Trial firstComplete(List<Trial> sorted) {
        for (Trial t : sorted) if (t.state() == TrialState.COMPLETE) return t;
        return null;
    }
}
