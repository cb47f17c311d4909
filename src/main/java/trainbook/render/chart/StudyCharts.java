package trainbook.render.chart;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.Param;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialState;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Charts of a study: the optimisation history (each trial's objective and the best so far) and one slice chart
 * per parameter (objective against the parameter's value; log axis for log ranges, choices by index with their
 * names as tick labels). Pruned trials are drawn at their last reported value in a lighter colour.
 */
public final class StudyCharts {
    public static final int WIDTH = 720, HEIGHT = 360, SLICE_WIDTH = 360, SLICE_HEIGHT = 300;
    private static final Color PRUNED = new Color(170, 170, 170);

    private StudyCharts() {}

    /** Objective per trial number (complete and pruned) and the best complete value so far. */
    public static XYChart history(List<Trial> trials, String metric, Direction direction) {
        XYChart c = ChartKit.newChart(WIDTH, HEIGHT, "optimisation history: " + metric, "trial", metric);
        List<double[]> done = new ArrayList<>(), pruned = new ArrayList<>(), best = new ArrayList<>();
        double b = Double.NaN;
        for (Trial t : trials) {
            if (t.state() == TrialState.COMPLETE) {
                done.add(new double[]{t.number(), t.value()});
                if (direction.better(t.value(), b)) b = t.value();
            } else if (t.state() == TrialState.PRUNED) {
                pruned.add(new double[]{t.number(), t.score()});
            }
            if (!Double.isNaN(b)) best.add(new double[]{t.number(), b});
        }
        ChartKit.line(c, "best so far", col(best, 0), col(best, 1), ChartKit.VAL, false, false);
        ChartKit.points(c, "complete", col(done, 0), col(done, 1), ChartKit.TRAIN, SeriesMarkers.CIRCLE, false, false);
        ChartKit.points(c, "pruned (last value)", col(pruned, 0), col(pruned, 1), PRUNED, SeriesMarkers.DIAMOND, false, false);
        ChartKit.ensureNonEmpty(c, "no trial finished yet");
        c.getStyler().setLegendPosition(direction == Direction.MINIMIZE
                ? org.knowm.xchart.style.Styler.LegendPosition.InsideNE : org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        // trial numbers are whole numbers; the legend goes where no point is
        ChartLayout.apply(c, true, List.of());
        return c;
    }

    /** The objective against one parameter's value. */
    public static XYChart slice(List<Trial> trials, String name, Param param, String metric) {
        XYChart c = ChartKit.newChart(SLICE_WIDTH, SLICE_HEIGHT, name, name + (param.log() ? " (log)" : ""), metric);
        List<double[]> done = new ArrayList<>(), pruned = new ArrayList<>();
        for (Trial t : trials) {
            Object v = t.params().get(name);
            if (v == null || Double.isNaN(t.score())) continue;
            double x = param instanceof Param.Choice ch ? ch.values().indexOf(String.valueOf(v)) : ((Number) v).doubleValue();
            (t.state() == TrialState.COMPLETE ? done : pruned).add(new double[]{x, t.score()});
        }
        boolean log = param.log();
        ChartKit.points(c, "complete", col(done, 0), col(done, 1), ChartKit.TRAIN, SeriesMarkers.CIRCLE, log, false);
        ChartKit.points(c, "pruned", col(pruned, 0), col(pruned, 1), PRUNED, SeriesMarkers.DIAMOND, log, false);
        ChartKit.ensureNonEmpty(c, "no finished trial");
        if (!c.getSeriesMap().containsKey(" ")) {
            c.getStyler().setXAxisLogarithmic(log);
            // decades written alike whatever their size (1E-4 … 1E-1), as on the range test's axis
            if (log) c.getStyler().setXAxisDecimalPattern("0.#E0");
            if (param instanceof Param.Choice ch) {
                List<String> names = ch.values();
                c.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
                    long i = Math.round(x);
                    // a space between choices: XChart cannot lay out empty text (it then drew no labels at all)
                    return Math.abs(x - i) < 1e-9 && i >= 0 && i < names.size() ? names.get((int) i) : " ";
                });
                // no x range of its own: XChart labels a custom-formatted axis at the data's own (equally spaced)
                // x values, and with a min/max set it drew no label at all
            }
        }
        c.getStyler().setLegendVisible(!pruned.isEmpty());
        ChartLayout.apply(c, param instanceof Param.IntRange, List.of());
        return c;
    }

    private static double[] col(List<double[]> pts, int i) {
        double[] out = new double[pts.size()];
        for (int k = 0; k < out.length; k++) out[k] = pts.get(k)[i];
        return out;
    }
}
