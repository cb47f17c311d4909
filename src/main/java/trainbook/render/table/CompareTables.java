package trainbook.render.table;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.run.RunRecord;
import trainbook.render.Fmt;
import trainbook.render.compare.Importance;
import trainbook.render.compare.Monitor;
import trainbook.render.compare.RunSet;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code %compare} tables: the leaderboard and the hyperparameter importance scores.
 *
 * <p>Leaderboard columns: {@code #}, {@code run}, one column per hyperparameter that differs between the runs,
 * {@code best <metric>}, {@code best epoch}, {@code epochs ran} (run/planned), {@code time}, {@code stop},
 * {@code health} (worst finding severity and count). Rows are sorted by the monitored metric, best first (loss
 * ascending, accuracy descending); runs without the metric go last.
 */
public final class CompareTables {
    /** Row cap of the leaderboard. */
    public static final int MAX_ROWS = 30;

    private CompareTables() {}

    /** The leaderboard, sorted by {@code monitor}. */
    public static TableView leaderboard(List<RunRecord> runs, Monitor monitor) {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("no runs to compare: give run names, all, or last=N");
        List<RunRecord> sorted = RunSet.sorted(runs, monitor);
        List<String> keys = RunSet.differingKeys(runs);
        IntColumn rank = IntColumn.create("#");
        StringColumn name = StringColumn.create("run");
        List<StringColumn> hp = new ArrayList<>();
        for (String k : keys) hp.add(StringColumn.create(k));
        DoubleColumn best = DoubleColumn.create("best " + monitor.key());
        IntColumn bestEpoch = IntColumn.create("best epoch");
        // "epochs ran", not "epochs": the planned epochs may be a differing hyperparameter column of that name
        StringColumn epochs = StringColumn.create("epochs ran");
        StringColumn time = StringColumn.create("time");
        StringColumn stop = StringColumn.create("stop");
        StringColumn health = StringColumn.create("health");
        List<Health> healths = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            RunRecord r = sorted.get(i);
            rank.append(i + 1);
            name.append(r.name() == null ? "" : r.name());
            for (int k = 0; k < keys.size(); k++) hp.get(k).append(r.spec().getOrDefault(keys.get(k), ""));
            best.append(monitor.best(r));
            int be = bestEpochOf(r, monitor);
            if (be > 0) bestEpoch.append(be);
            else bestEpoch.appendMissing();
            epochs.append(r.epochs().size() + "/" + r.plannedEpochs());
            time.append(Fmt.duration(r.seconds()));
            stop.append(r.stopReason() == null ? String.valueOf(r.status()).toLowerCase(java.util.Locale.ROOT) : r.stopReason().label());
            Health h = Health.of(r.findings());
            healths.add(h);
            health.append(h.label());
        }
        Table t = Table.create("leaderboard");
        t.addColumns(rank, name);
        for (StringColumn c : hp) t.addColumns(c);
        t.addColumns(best, bestEpoch, epochs, time, stop, health);
        String cap = "leaderboard: " + runs.size() + " runs by best " + monitor.key() + " ("
                + (monitor.higherIsBetter() ? "higher" : "lower") + " is better)"
                + (keys.isEmpty() ? "; no hyperparameter differs" : "; differing: " + String.join(", ", keys));
        return TableView.of(t).caption(cap).maxRows(MAX_ROWS)
                .cellStyle("health", i -> healths.get(i).css())
                .rowStyle(i -> i == 0 && Double.isFinite(best.get(i)) ? "background:#eef7ee" : null);
    }

    /** Epoch with the best monitored value (0 when none). */
    static int bestEpochOf(RunRecord r, Monitor m) {
        int be = 0;
        double bv = Double.NaN;
        for (var e : r.epochs()) {
            double v = m.of(e);
            if (!Double.isFinite(v)) continue;
            if (Double.isNaN(bv) || (m.higherIsBetter() ? v > bv : v < bv)) {
                bv = v;
                be = e.epoch();
            }
        }
        return be;
    }

    /** Importance scores as a table: key, score, a text bar, best value and its mean metric, groups/runs. */
    public static TableView importance(List<RunRecord> runs, Monitor monitor) {
        List<Importance.Score> scores = Importance.scores(runs, monitor);
        StringColumn key = StringColumn.create("hyperparameter");
        DoubleColumn score = DoubleColumn.create("importance");
        StringColumn method = StringColumn.create("score");
        StringColumn bar = StringColumn.create("share of variance");
        StringColumn bestV = StringColumn.create("best value");
        DoubleColumn bestM = DoubleColumn.create(monitor.key() + " there");
        StringColumn groups = StringColumn.create("values/runs");
        for (Importance.Score s : scores) {
            key.append(s.key());
            method.append(s.method());
            if (s.identifiable()) {
                score.append(s.score());
                int n = (int) Math.round(s.score() * 20);
                bar.append("█".repeat(n) + "░".repeat(20 - n));
            } else {
                score.appendMissing(); // a number from too few runs would read as a finding
                bar.append(Importance.shortfall(s));
            }
            bestV.append(s.bestValue());
            bestM.append(s.bestMean());
            groups.append(s.groups() + "/" + s.runs());
        }
        Table t = Table.create("importance", key, score, method, bar, bestV, bestM, groups);
        return TableView.of(t).maxRows(MAX_ROWS).caption("hyperparameter importance: share of the variance of best "
                + monitor.key() + " explained by each key (η²: grouping on its value; ρ²: rank correlation, for numeric"
                + " keys where every run has its own value; 'not enough runs' = fewer than " + Importance.MIN_RUNS_PER_VALUE
                + " runs per value, or fewer than " + Importance.MIN_RANK_RUNS + " runs for ρ²)");
    }
}
