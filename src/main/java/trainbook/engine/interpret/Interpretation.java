package trainbook.engine.interpret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a trained model gets right and wrong on one evaluated split (validation by default), as plain data: for
 * classification the confusion matrix, per-class precision/recall/F1/support, the most confused class pairs and
 * the samples with the highest loss; for regression the predictions beside the targets and the largest
 * residuals. Built by {@link Interpreter}; drawn by the render layer. The top samples carry their raw feature
 * values (before standardisation) so that images and table rows can be shown as the data set holds them.
 */
public final class Interpretation {
    /** Per-class scores; precision is 0 when the class was never predicted, recall 0 when it has no samples. */
    public record ClassMetrics(int index, String name, double precision, double recall, double f1, long support,
                               long predicted) {}

    /** An off-diagonal cell of the confusion matrix: {@code count} samples of {@code actual} predicted as {@code predicted}. */
    public record ConfusedPair(int actual, int predicted, String actualName, String predictedName, long count) {}

    /**
     * One of the highest-loss samples (classification).
     *
     * @param index         position of the sample in the evaluated split
     * @param loss          cross-entropy of the sample: −ln p(actual)
     * @param probActual    predicted probability of the actual class
     * @param probPredicted predicted probability of the predicted class
     * @param sample        the sample's raw feature values
     */
    public record TopLoss(int index, int actual, int predicted, String actualName, String predictedName, double loss,
                          double probActual, double probPredicted, float[] sample) {}

    /**
     * One of the largest residuals (regression).
     *
     * @param index    position of the sample in the evaluated split
     * @param residual predicted − actual
     * @param loss     the run's loss on this sample alone (squared, absolute or Huber)
     */
    public record Residual(int index, double actual, double predicted, double residual, double loss, float[] sample) {}

    final String run;
    final String split;
    final String task;
    final String data;
    final int size;
    final List<String> classNames;
    final long[][] confusion;
    final List<ClassMetrics> perClass;
    final List<ConfusedPair> confused;
    final List<TopLoss> topLosses;
    final float[] actual;
    final float[] predicted;
    final List<Residual> residuals;
    final long[] sampleShape;
    final boolean image;
    final List<String> featureNames;
    final double meanLoss;
    final List<String> notes;

    Interpretation(String run, String split, String task, String data, int size, List<String> classNames,
                   long[][] confusion, List<ClassMetrics> perClass, List<ConfusedPair> confused,
                   List<TopLoss> topLosses, float[] actual, float[] predicted, List<Residual> residuals,
                   long[] sampleShape, boolean image, List<String> featureNames, double meanLoss, List<String> notes) {
        this.run = run;
        this.split = split;
        this.task = task;
        this.data = data;
        this.size = size;
        this.classNames = List.copyOf(classNames);
        this.confusion = confusion;
        this.perClass = List.copyOf(perClass);
        this.confused = List.copyOf(confused);
        this.topLosses = List.copyOf(topLosses);
        this.actual = actual;
        this.predicted = predicted;
        this.residuals = List.copyOf(residuals);
        this.sampleShape = sampleShape.clone();
        this.image = image;
        this.featureNames = featureNames == null ? List.of() : List.copyOf(featureNames);
        this.meanLoss = meanLoss;
        this.notes = Collections.unmodifiableList(new ArrayList<>(notes));
    }

    /** The run's name. */
    public String run() { return run; }
    /** The evaluated split: {@code val}, {@code test} or {@code train}. */
    public String split() { return split; }
    /** {@code classification} or {@code regression}. */
    public String task() { return task; }
    public boolean isClassification() { return "classification".equals(task); }
    /** The data name, e.g. {@code fashion-mnist}. */
    public String data() { return data; }
    /** Samples evaluated. */
    public int size() { return size; }
    /** Class names: the data's own (Fashion-MNIST's, CSV labels) or the class indices as text. */
    public List<String> classNames() { return classNames; }
    /** Number of classes (0 for regression). */
    public int numClasses() { return classNames.size(); }

    /** Confusion matrix, {@code [actual][predicted]} counts (a copy; empty for regression). */
    public long[][] confusion() {
        long[][] c = new long[confusion.length][];
        for (int i = 0; i < c.length; i++) c[i] = confusion[i].clone();
        return c;
    }

    /** Samples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) { return confusion[actual][predicted]; }

    /** Per-class precision, recall, F1 and support, in class order. */
    public List<ClassMetrics> perClass() { return perClass; }
    /** Off-diagonal cells with at least one sample, most frequent first. */
    public List<ConfusedPair> mostConfused() { return confused; }
    /** The highest-loss samples, highest first (classification). */
    public List<TopLoss> topLosses() { return topLosses; }
    /** The largest absolute residuals, largest first (regression). */
    public List<Residual> residuals() { return residuals; }
    /** Targets of every sample (regression; a copy). */
    public float[] actualValues() { return actual == null ? new float[0] : actual.clone(); }
    /** Predictions of every sample (regression; a copy). */
    public float[] predictedValues() { return predicted == null ? new float[0] : predicted.clone(); }
    /** Shape of one sample, e.g. {@code [1, 28, 28]}. */
    public long[] sampleShape() { return sampleShape.clone(); }
    /** Whether samples are images (channels, height, width). */
    public boolean isImage() { return image; }
    /** Names of the feature columns for tabular data (one-hot columns as {@code column=level}); empty otherwise. */
    public List<String> featureNames() { return featureNames; }
    /** Mean per-sample loss over the split (cross-entropy for classification, the run's loss for regression). */
    public double meanLoss() { return meanLoss; }
    /** Plain statements about how the interpretation was made. */
    public List<String> notes() { return notes; }

    /** Fraction of samples predicted correctly (classification), else NaN. */
    public double accuracy() {
        if (!isClassification() || size == 0) return Double.NaN;
        long ok = 0;
        for (int i = 0; i < confusion.length; i++) ok += confusion[i][i];
        return ok / (double) size;
    }

    /** Unweighted mean of the per-class F1 over the classes that occur (as samples or as predictions). */
    public double macroF1() { return macro(ClassMetrics::f1); }
    /** Unweighted mean of the per-class precision over the classes that occur. */
    public double macroPrecision() { return macro(ClassMetrics::precision); }
    /** Unweighted mean of the per-class recall over the classes that occur. */
    public double macroRecall() { return macro(ClassMetrics::recall); }

    private double macro(java.util.function.ToDoubleFunction<ClassMetrics> f) {
        double s = 0;
        int n = 0;
        for (ClassMetrics m : perClass) {
            if (m.support() == 0 && m.predicted() == 0) continue;
            s += f.applyAsDouble(m);
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Mean absolute error (regression), else NaN. */
    public double mae() {
        if (actual == null || actual.length == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < actual.length; i++) s += Math.abs((double) predicted[i] - actual[i]);
        return s / actual.length;
    }

    /** Root mean squared error (regression), else NaN. */
    public double rmse() {
        if (actual == null || actual.length == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) predicted[i] - actual[i];
            s += d * d;
        }
        return Math.sqrt(s / actual.length);
    }

    /** Coefficient of determination 1 − SS_res / SS_tot (regression), else NaN. */
    public double r2() {
        if (actual == null || actual.length == 0) return Double.NaN;
        double mean = 0;
        for (float a : actual) mean += a;
        mean /= actual.length;
        double res = 0, tot = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) predicted[i] - actual[i];
            double t = actual[i] - mean;
            res += d * d;
            tot += t * t;
        }
        return tot == 0 ? Double.NaN : 1 - res / tot;
    }

    /** A one-line summary, e.g. {@code baseline on val (6000 samples): accuracy 0.861, macro F1 0.859; most confused: Shirt → T-shirt/top (112)}. */
    public String summary() {
        StringBuilder b = new StringBuilder(run).append(" on ").append(split).append(" (").append(size).append(" samples): ");
        if (isClassification()) {
            b.append(String.format(java.util.Locale.ROOT, "accuracy %.4f, macro F1 %.4f", accuracy(), macroF1()));
            if (!confused.isEmpty()) {
                ConfusedPair p = confused.get(0);
                b.append("; most confused: ").append(p.actualName()).append(" → ").append(p.predictedName())
                        .append(" (").append(p.count()).append(')');
            }
        } else {
            b.append(String.format(java.util.Locale.ROOT, "MAE %.4g, RMSE %.4g, R² %.4f", mae(), rmse(), r2()));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "Interpretation[" + summary() + ", sample " + Arrays.toString(sampleShape) + "]";
    }
}
