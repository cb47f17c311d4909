package trainbook.render.chart;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.awt.Color;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The doctor's findings on the loss chart: a triangle per finding that points at a step or an epoch, coloured by
 * severity, at the loss the reader sees there (the smoothed per-step curve, or the epoch's loss).
 */
final class FindingMarkers {
    private FindingMarkers() {}

    /** Marks every finding that points at a step or epoch; returns the rule labels to place (one per rule). */
    static List<ChartLayout.Label> add(XYChart c, RunRecord r, int spe, double[] sx,
                                                              double[] smooth, List<EpochRecord> epochs) {
        Map<Severity, List<double[]>> pts = new EnumMap<>(Severity.class);
        Map<Severity, List<String>> names = new EnumMap<>(Severity.class);
        List<ChartLayout.Label> labels = new ArrayList<>();
        java.util.Set<String> labelled = new java.util.HashSet<>();
        for (Finding f : ChartKit.snapshot(r.findings())) {
            double x = Double.NaN, y = Double.NaN;
            if (f.step() >= 0) {
                x = spe > 0 ? (f.step() + 1) / (double) spe : f.step();
                y = nearest(sx, smooth, x);
            } else if (f.epoch() >= 1) {
                x = f.epoch();
                if (f.epoch() <= epochs.size()) {
                    EpochRecord e = epochs.get(f.epoch() - 1);
                    y = Double.isFinite(e.valLoss()) ? e.valLoss() : e.trainLoss();
                }
                if (!Double.isFinite(y)) y = nearest(sx, smooth, x);
            }
            if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
            pts.computeIfAbsent(f.severity(), k -> new ArrayList<>()).add(new double[]{x, y});
            List<String> n = names.computeIfAbsent(f.severity(), k -> new ArrayList<>());
            if (!n.contains(f.rule())) n.add(f.rule());
            if (labelled.add(f.rule())) labels.add(ChartLayout.Label.around(f.rule(), x, y));
        }
        for (Map.Entry<Severity, List<double[]>> e : pts.entrySet()) {
            List<double[]> p = e.getValue();
            double[] xs = new double[p.size()], ys = new double[p.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = p.get(i)[0];
                ys[i] = p.get(i)[1];
            }
            Color col = switch (e.getKey()) {
                case INFO -> ChartKit.INFO;
                case WARNING -> ChartKit.WARNING;
                case PROBLEM -> ChartKit.PROBLEM;
            };
            // the rule names are written beside the markers; the legend only says what the colour means
            ChartKit.points(c, e.getKey().label(), xs, ys, col,
                    SeriesMarkers.TRIANGLE_UP, false, false);
        }
        return labels;
    }

    /** y of the finite point of (xs, ys) whose x is closest to {@code x}; NaN when none. */
    static double nearest(double[] xs, double[] ys, double x) {
        double best = Double.NaN, d = Double.POSITIVE_INFINITY;
        for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
            if (!Double.isFinite(ys[i])) continue;
            double dd = Math.abs(xs[i] - x);
            if (dd < d) {
                d = dd;
                best = ys[i];
            }
        }
        return best;
    }
}
