package trainbook.magic;

import trainbook.engine.run.RunRecord;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;
import trainbook.render.Views;
import trainbook.render.compare.Monitor;

import java.util.List;

/**
 * The result of {@code %compare}: the compared runs and the metric that ranks them. Bound to a notebook variable;
 * renders itself (curves, leaderboard, parallel coordinates, importance) when shown again.
 *
 * @param runs    the run records, in the order compared
 * @param monitor the ranking metric (val_loss, val_acc, train_loss)
 */
public record Comparison(List<RunRecord> runs, String monitor) {
    /** Overlay, leaderboard, parallel coordinates and importance as one output. */
    public Rich render(ChartFormat format) {
        return Views.compare(runs, Monitor.parse(monitor), format);
    }

    /** The best run by the monitored metric. */
    public RunRecord best() {
        Monitor m = Monitor.parse(monitor);
        return runs.stream().sorted(m.order()).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return "Comparison[" + runs.size() + " runs by " + monitor + "]";
    }
}
