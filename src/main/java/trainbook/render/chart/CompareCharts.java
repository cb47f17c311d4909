package trainbook.render.chart;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.render.Fmt;
import trainbook.render.compare.Monitor;
import trainbook.render.compare.RunSet;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code %compare} charts, both {@value #WIDTH}×{@value #HEIGHT} pixels: the overlay of several runs' train/val
 * curves, and a parallel-coordinates chart of the hyperparameters that differ against the monitored metric.
 */
public final class CompareCharts {
    public static final int WIDTH = 720, HEIGHT = 400;
    /** Most hyperparameter axes in the parallel-coordinates chart (the first ones that differ). */
    public static final int MAX_AXES = 8;

    private CompareCharts() {}

    /**
     * Overlaid curves per epoch, one colour per run: validation solid with markers, training dashed.
     *
     * @param what {@code loss} or {@code acc}
     */
    public static XYChart overlay(List<RunRecord> runs, String what) {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("no runs to compare: give run names, all, or last=N");
        String w = what == null ? "loss" : what.trim().toLowerCase(Locale.ROOT);
        if (!w.equals("loss") && !w.equals("acc")) {
            throw new IllegalArgumentException("'" + what + "' is not an overlay metric: use loss or acc");
        }
        boolean acc = w.equals("acc");
        XYChart c = ChartKit.newChart(WIDTH, HEIGHT, (acc ? "accuracy" : "loss") + " of " + runs.size() + " runs (val solid, train dashed)",
                "epoch", acc ? "accuracy" : "loss");
        double maxEpoch = 0;
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            Color col = ChartKit.runColor(i);
            List<EpochRecord> ep = ChartKit.snapshot(r.epochs());
            double[] x = new double[ep.size()], tr = new double[x.length], va = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = ep.get(j).epoch();
                tr[j] = acc ? ep.get(j).trainAcc() : ep.get(j).trainLoss();
                va[j] = acc ? ep.get(j).valAcc() : ep.get(j).valLoss();
                maxEpoch = Math.max(maxEpoch, x[j]);
                if (Double.isFinite(tr[j])) all.add(tr[j]);
                if (Double.isFinite(va[j])) all.add(va[j]);
            }
            String name = r.name() == null ? "run " + (i + 1) : r.name();
            XYSeries v = ChartKit.line(c, name + " val", x, va, col, false, false);
            if (v != null) v.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(col);
            XYSeries t = ChartKit.line(c, name + " train", x, tr, col, false, false);
            if (t != null) {
                t.setLineStyle(SeriesLines.DASH_DASH);
                t.setLineWidth(1.2f);
            }
        }
        double[] a = ChartKit.toArray(all);
        double med = ChartKit.median(a);
        if (!acc && Double.isFinite(med) && med > 0 && ChartKit.maxFinite(a) > 20 * med) c.getStyler().setYAxisMax(20 * med);
        if (maxEpoch > 0) RunCharts.epochAxis(c, new double[]{maxEpoch});
        if (runs.size() > 10) c.getStyler().setLegendVisible(false);
        ChartKit.ensureNonEmpty(c, "no epochs recorded in these runs");
        ChartLayout.apply(c, true, List.of());
        return c;
    }

    /**
     * Parallel coordinates: one vertical axis per hyperparameter that differs between the runs (at most
     * {@value #MAX_AXES}) and a last axis for the monitored metric's best value; one polyline per run, coloured
     * by value from green (best) to red (worst), grey when the run has no value of the metric. Numeric axes are linear, or
     * logarithmic when all values are positive and span 10× or more; other values are spaced evenly in order of
     * appearance. Every axis is normalised to [0, 1]; the metric axis is oriented so that better is up. Each run
     * keeps its colour from the overlays ({@link ChartKit#runColor}); axis names sit above the axes and value labels
     * beside them, placed by {@link ChartLayout} so that none overlaps another (long values are shortened).
     */
    public static XYChart parallel(List<RunRecord> runs, Monitor monitor) {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("no runs to compare: give run names, all, or last=N");
        List<Axis> axes = axes(runs, monitor);
        double[] metric = new double[runs.size()];
        for (int i = 0; i < metric.length; i++) metric[i] = monitor.best(runs.get(i));

        XYChart c = ChartKit.newChart(WIDTH, HEIGHT, "hyperparameters vs best " + monitor.key() + " (" + runs.size()
                + " runs; better is up on the last axis)", "", "");
        Styler s = c.getStyler();
        c.getStyler().setXAxisTicksVisible(false);
        c.getStyler().setYAxisTicksVisible(false);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setXAxisMin(-0.35);
        c.getStyler().setXAxisMax(axes.size() - 1 + 0.35);
        c.getStyler().setYAxisMin(-0.14);
        c.getStyler().setYAxisMax(1.2);
        s.setAnnotationLineStroke(new java.awt.BasicStroke(1.2f));
        s.setAnnotationLineColor(new Color(90, 90, 90));


        double[] xs = new double[axes.size()];
        for (int a = 0; a < xs.length; a++) xs[a] = a;
        for (int i = 0; i < runs.size(); i++) {
            double[] ys = new double[axes.size()];
            for (int a = 0; a < ys.length; a++) ys[a] = axes.get(a).pos[i];
            Color col = Double.isFinite(metric[i]) ? ChartKit.runColor(i) : ChartKit.GREY;
            String name = (runs.get(i).name() == null ? "run " + (i + 1) : runs.get(i).name()) + " (" + Fmt.val(metric[i]) + ")";
            XYSeries sr = ChartKit.line(c, name, xs, ys, col, false, false);
            if (sr != null) sr.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(col);
        }
        List<ChartLayout.Label> labels = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            c.addAnnotation(new AnnotationLine(a, true, false));
            labels.add(new ChartLayout.Label(shorten(axes.get(a).name), a, 1.0, 0, NAME_PLACES));
        }
        for (int a = 0; a < axes.size(); a++) {
            Axis ax = axes.get(a);
            for (double[] lbl : ax.labelPos) {
                labels.add(new ChartLayout.Label(shorten(ax.labels.get((int) lbl[1])), a, lbl[0], 0, VALUE_PLACES));
            }
        }
        if (runs.size() > 12) s.setLegendVisible(false);
        ChartLayout.apply(c, false, labels, true);
        return c;
    }

    /** Axis names: centred above the axis top, or one line higher (staggered when neighbours are long). */
    static final double[][] NAME_PLACES = {{0, -8, 0, -1}, {0, -22, 0, -1}, {0, -36, 0, -1}};
    /** Value labels: right of their axis, else left of it, else just above or below. */
    static final double[][] VALUE_PLACES = {{8, 0, 1, 0}, {-8, 0, -1, 0}, {8, -10, 1, -1}, {8, 10, 1, 1},
            {-8, -10, -1, -1}, {-8, 10, -1, 1}};
    /** Longest label drawn in the parallel-coordinates chart, in characters. */
    static final int MAX_LABEL = 16;

    static String shorten(String s) {
        return s.length() <= MAX_LABEL ? s : s.substring(0, MAX_LABEL - 1) + "…";
    }

    /**
     * The parallel-coordinates axes: one per differing hyperparameter (at most {@value #MAX_AXES}; a single "run"
     * axis when none differs), then the metric's best value; positions normalised to [0, 1].
     */
    static List<Axis> axes(List<RunRecord> runs, Monitor monitor) {
        List<String> keys = new ArrayList<>(RunSet.differingKeys(runs));
        if (keys.size() > MAX_AXES) keys = keys.subList(0, MAX_AXES);
        List<Axis> axes = new ArrayList<>();
        if (keys.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) names.add(runs.get(i).name() == null ? "run " + (i + 1) : runs.get(i).name());
            axes.add(Axis.of("run", names));
        }
        for (String k : keys) {
            List<String> vals = new ArrayList<>();
            for (RunRecord r : runs) vals.add(r.spec().getOrDefault(k, ""));
            axes.add(Axis.of(k, vals));
        }
        double[] metric = new double[runs.size()];
        for (int i = 0; i < metric.length; i++) metric[i] = monitor.best(runs.get(i));
        axes.add(Axis.metric(monitor, metric));
        return axes;
    }

    /** 0 for the best value, 1 for the worst, linear in between; 0 when all are equal. */
    static double badness(double v, double best, double worst) {
        if (!(Math.abs(worst - best) > 0)) return 0;
        return (v - best) / (worst - best);
    }

    /** Green → amber → red for t in [0, 1]. */
    static Color ramp(double t) {
        t = Math.max(0, Math.min(1, t));
        Color a = new Color(0, 158, 115), m = new Color(230, 159, 0), b = new Color(200, 30, 30);
        Color from = t < 0.5 ? a : m, to = t < 0.5 ? m : b;
        double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
        return new Color((int) (from.getRed() + u * (to.getRed() - from.getRed())),
                (int) (from.getGreen() + u * (to.getGreen() - from.getGreen())),
                (int) (from.getBlue() + u * (to.getBlue() - from.getBlue())));
    }

    /** One vertical axis: normalised positions per run plus where to print which label. */
    static final class Axis {
        final String name;
        final double[] pos;
        final List<String> labels = new ArrayList<>();
        /** {y, index into labels} */
        final List<double[]> labelPos = new ArrayList<>();

        Axis(String name, int n) {
            this.name = name;
            this.pos = new double[n];
        }

        static Axis of(String name, List<String> values) {
            Axis ax = new Axis(name, values.size());
            double[] num = new double[values.size()];
            boolean numeric = true;
            for (int i = 0; i < num.length; i++) {
                try {
                    num[i] = Double.parseDouble(values.get(i).trim());
                    if (!Double.isFinite(num[i])) numeric = false;
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (numeric) {
                ax.numeric(num, false);
                return ax;
            }
            List<String> cats = new ArrayList<>(new LinkedHashSet<>(values));
            for (int i = 0; i < num.length; i++) {
                int k = cats.indexOf(values.get(i));
                ax.pos[i] = cats.size() == 1 ? 0.5 : k / (double) (cats.size() - 1);
            }
            int step = Math.max(1, (int) Math.ceil(cats.size() / 8.0));
            for (int k = 0; k < cats.size(); k += step) {
                ax.labels.add(cats.get(k).isEmpty() ? "(none)" : cats.get(k));
                ax.labelPos.add(new double[]{cats.size() == 1 ? 0.5 : k / (double) (cats.size() - 1), ax.labels.size() - 1});
            }
            return ax;
        }

        static Axis metric(Monitor m, double[] values) {
            Axis ax = new Axis(m.key(), values.length);
            ax.numeric(values, !m.higherIsBetter());
            return ax;
        }

        /** Linear or log normalisation; {@code flip} puts the smallest value on top. NaN stays NaN. */
        void numeric(double[] v, boolean flip) {
            double mn = ChartKit.minFinite(v), mx = ChartKit.maxFinite(v);
            boolean log = Double.isFinite(mn) && mn > 0 && mx / mn >= 10;
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    pos[i] = Double.NaN;
                    continue;
                }
                double t;
                if (!(mx > mn)) t = 0.5;
                else if (log) t = (Math.log(v[i]) - Math.log(mn)) / (Math.log(mx) - Math.log(mn));
                else t = (v[i] - mn) / (mx - mn);
                pos[i] = flip ? 1 - t : t;
            }
            if (!Double.isFinite(mn)) return;
            if (mx > mn) {
                labels.add(Fmt.num(mx) + (log ? " (log)" : ""));
                labelPos.add(new double[]{flip ? 0 : 1, 0});
                labels.add(Fmt.num(mn));
                labelPos.add(new double[]{flip ? 1 : 0, 1});
            } else {
                labels.add(Fmt.num(mn));
                labelPos.add(new double[]{0.5, 0});
            }
        }
    }
}
