package trainbook.engine.metrics;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Sufficient statistics of one evaluation pass, fed batch by batch, and the metric values computed from them
 * ({@link Metrics}): a confusion matrix (classification), top-5 hits, and the regression sums Σ|e|, Σe², Σy, Σy².
 * Plain host arithmetic, so every metric can be checked against hand-computed values; the engine reduces each
 * evaluation batch on the device to these few numbers before they reach it.
 */
public final class MetricAccumulator {
    private final boolean classification;
    private final List<String> metrics;
    private long[][] cm;
    private long n;
    private long top5;
    private double sumAbs, sumSq, sumY, sumY2;

    /**
     * @param classification the task
     * @param classes        number of classes (classification; 2 for a binary logit), else ignored
     * @param metrics        plain metric names to report (checked with {@link Metrics#resolve})
     */
    public MetricAccumulator(boolean classification, int classes, List<String> metrics) {
        this.classification = classification;
        this.metrics = List.copyOf(metrics);
        this.cm = classification ? new long[Math.max(classes, 1)][Math.max(classes, 1)] : new long[0][0];
    }

    /** Whether {@code top5} is among the metrics (the caller then counts hits per batch). */
    public boolean wantsTop5() { return metrics.contains("top5"); }

    public List<String> metrics() { return metrics; }

    /** One batch of class labels and predicted classes (argmax), same length. */
    public void addClasses(long[] labels, long[] predicted) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < labels.length; i++) {
            int t = (int) labels[i], p = (int) predicted[i];
            if (t < 0 || p < 0) throw new IllegalArgumentException("negative class index " + Math.min(t, p));
            // a model with more outputs than the data has classes (or a class only the labels know) widens the matrix
            if (Math.max(t, p) >= cm.length) grow(Math.max(t, p) + 1);
            cm[t][p]++;
        }
        n += labels.length;
    }

    private void grow(int k) {
        long[][] g = new long[k][k];
        for (int i = 0; i < cm.length; i++) System.arraycopy(cm[i], 0, g[i], 0, cm[i].length);
        cm = g;
    }

    /** Samples of the batch whose true class was among the five highest scores. */
    public void addTop5Hits(long hits) { top5 += hits; }

    /** One batch of regression sums over {@code count} targets. */
    public void addRegression(double sumAbsErr, double sumSqErr, double sumTarget, double sumTargetSq, long count) {
        sumAbs += sumAbsErr;
        sumSq += sumSqErr;
        sumY += sumTarget;
        sumY2 += sumTargetSq;
        n += count;
    }

    /**
     * Convenience for host scores: argmax and top-5 per row (a tie with the fifth-highest score counts as a hit,
     * as the engine's device reduction does).
     */
    public void addScores(float[][] scores, long[] labels) {
        long[] pred = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            float[] s = scores[i];
            int arg = 0;
            for (int j = 1; j < s.length; j++) if (s[j] > s[arg]) arg = j;
            pred[i] = arg;
            int above = 0;
            float t = s[(int) labels[i]];
            for (float v : s) if (v > t) above++;
            if (above < 5) top5++;
        }
        addClasses(labels, pred);
    }

    /** Convenience for host predictions of a regression batch. */
    public void addPredictions(float[] predicted, float[] targets) {
        double a = 0, q = 0, y = 0, y2 = 0;
        for (int i = 0; i < targets.length; i++) {
            double e = (double) targets[i] - predicted[i];
            a += Math.abs(e);
            q += e * e;
            y += targets[i];
            y2 += (double) targets[i] * targets[i];
        }
        addRegression(a, q, y, y2, targets.length);
    }

    /** Samples seen. */
    public long count() { return n; }

    /** The confusion matrix {@code [true][predicted]} (a copy); empty for regression. */
    public long[][] confusion() {
        long[][] c = new long[cm.length][];
        for (int i = 0; i < cm.length; i++) c[i] = cm[i].clone();
        return c;
    }

    /** Value of one plain metric name; NaN when nothing was seen or it does not apply. */
    public double value(String metric) {
        return switch (Metrics.plain(metric)) {
            case "acc" -> classification ? Metrics.accuracy(cm) : Double.NaN;
            case "top5" -> classification && n > 0 ? top5 / (double) n : Double.NaN;
            case "f1" -> classification ? Metrics.f1(cm) : Double.NaN;
            case "precision" -> classification ? Metrics.precision(cm) : Double.NaN;
            case "recall" -> classification ? Metrics.recall(cm) : Double.NaN;
            case "mae" -> classification ? Double.NaN : Metrics.mae(sumAbs, n);
            case "rmse" -> classification ? Double.NaN : Metrics.rmse(sumSq, n);
            case "r2" -> classification ? Double.NaN : Metrics.r2(sumSq, sumY, sumY2, n);
            default -> throw new IllegalArgumentException("metric '" + metric + "': valid: " + String.join(", ", Metrics.ALL));
        };
    }

    /** The requested metrics, plain name → value, in order. */
    public LinkedHashMap<String, Double> values() {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (String m : metrics) out.put(m, value(m));
        return out;
    }
}
