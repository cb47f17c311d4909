package trainbook.render;

import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.Param;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialState;
import trainbook.render.chart.StudyCharts;
import trainbook.render.table.StudyTable;

import java.util.ArrayList;
import java.util.List;

/** Outputs of a study: the live leaderboard, and at the end the optimisation history and one slice per parameter. */
public final class StudyViews {
    private StudyViews() {}

    /** The leaderboard with every trial's state (running, complete, pruned, failed). */
    public static Rich board(List<Trial> trials, SearchSpace space, String metric, Direction direction, int plannedEpochs) {
        return StudyTable.board(trials, new ArrayList<>(space.params().keySet()), metric, direction, plannedEpochs).render();
    }

    /** The optimisation-history chart and the slice charts (two per row). */
    public static Rich charts(List<Trial> trials, SearchSpace space, String metric, Direction direction, ChartFormat format) {
        List<Rich> parts = new ArrayList<>();
        long done = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        parts.add(ChartEncoder.encode(StudyCharts.history(trials, metric, direction), format,
                "optimisation history of " + trials.size() + " trials (" + done + " complete): " + metric + " per trial and best so far",
                trainbook.render.chart.StudyVega.history(trials, metric, direction)));
        List<Rich> row = new ArrayList<>();
        for (var e : space.params().entrySet()) {
            String name = e.getKey();
            Param p = e.getValue();
            row.add(ChartEncoder.encode(StudyCharts.slice(trials, name, p, metric), format,
                    "slice: " + metric + " against " + name + (p.log() ? " (log axis)" : ""),
                    trainbook.render.chart.StudyVega.slice(trials, name, p, metric)));
            if (row.size() == 2) {
                parts.add(Rich.row(row));
                row = new ArrayList<>();
            }
        }
        if (!row.isEmpty()) parts.add(row.size() == 1 ? row.get(0) : Rich.row(row));
        return Rich.combine(parts);
    }
}
