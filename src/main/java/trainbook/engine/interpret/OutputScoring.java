package trainbook.engine.interpret;

import trainbook.engine.data.HostData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Model outputs turned into an {@link Interpretation}, pure arithmetic: for classification the log-probabilities,
 * confusion matrix, per-class scores, confused pairs and top losses; for regression the residuals and their losses.
 */
final class OutputScoring {
    private OutputScoring() {}

    /** Most confused pairs kept. */
    static final int MAX_PAIRS = 10;

    /** See {@link Interpreter#fromOutputs}. */
    static Interpretation score(String run, String split, HostData data, float[] outputs, int width,
                                             int top, String loss, List<String> featureNames, List<String> notes) {
        Interpreter.checkTop(top);
        int n = data.size();
        if (width < 1 || outputs.length != (long) n * width) {
            throw new IllegalArgumentException(outputs.length + " outputs do not make " + n + " rows of " + width);
        }
        return data.isClassification()
                ? classification(run, split, data, outputs, width, top, featureNames, notes)
                : regression(run, split, data, outputs, width, top, loss, featureNames, notes);
    }

    private static Interpretation classification(String run, String split, HostData data, float[] out, int width,
                                                 int top, List<String> featureNames, List<String> notes) {
        int n = data.size();
        boolean sigmoid = width == 1;
        int classes = Math.max(data.numClasses(), sigmoid ? 2 : width);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(c < data.classNames().size() ? data.classNames().get(c) : Integer.toString(c));
        }
        long[][] cm = new long[classes][classes];
        double[] loss = new double[n];
        int[] act = new int[n];
        int[] pred = new int[n];
        double[] pAct = new double[n];
        double[] pPred = new double[n];
        double[] logp = new double[sigmoid ? 2 : width];
        float[] y = data.y();
        double lossSum = 0;
        for (int i = 0; i < n; i++) {
            logProbabilities(out, i, width, logp);
            int a = (int) y[i];
            int p = 0;
            for (int c = 1; c < logp.length; c++) if (logp[c] > logp[p]) p = c;
            act[i] = a;
            pred[i] = p;
            // a label the model has no output for has probability 0
            double la = a < logp.length ? logp[a] : Double.NEGATIVE_INFINITY;
            loss[i] = -la;
            pAct[i] = Math.exp(la);
            pPred[i] = Math.exp(logp[p]);
            lossSum += loss[i];
            cm[a][p]++;
        }
        List<Interpretation.ClassMetrics> per = classMetrics(cm, names);
        List<Interpretation.ConfusedPair> pairs = confusedPairs(cm, names);
        List<Interpretation.TopLoss> tops = new ArrayList<>();
        for (int i : highest(loss, top)) {
            tops.add(new Interpretation.TopLoss(i, act[i], pred[i], names.get(act[i]), names.get(pred[i]), loss[i],
                    pAct[i], pPred[i], rawSample(data, i)));
        }
        List<String> ns = new ArrayList<>(notes);
        if (sigmoid) ns.add("one output: class 1 has probability sigmoid(output)");
        return new Interpretation(run, split, HostData.CLASSIFICATION, data.name(), n, names, cm, per, pairs, tops,
                null, null, List.of(), data.sampleShape(), data.isImage(), featureNames, lossSum / n, ns);
    }

    /** Precision, recall, F1, support and predicted count of each class, from the confusion matrix. */
    private static List<Interpretation.ClassMetrics> classMetrics(long[][] cm, List<String> names) {
        int classes = cm.length;
        List<Interpretation.ClassMetrics> per = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            long tp = cm[c][c], support = 0, predicted = 0;
            for (int k = 0; k < classes; k++) {
                support += cm[c][k];
                predicted += cm[k][c];
            }
            double precision = predicted == 0 ? 0 : tp / (double) predicted;
            double recall = support == 0 ? 0 : tp / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per.add(new Interpretation.ClassMetrics(c, names.get(c), precision, recall, f1, support, predicted));
        }
        return per;
    }

    /** The off-diagonal cells, most confused first (ties by actual, then predicted class), at most {@value #MAX_PAIRS}. */
    private static List<Interpretation.ConfusedPair> confusedPairs(long[][] cm, List<String> names) {
        int classes = cm.length;
        List<Interpretation.ConfusedPair> pairs = new ArrayList<>();
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                if (a != p && cm[a][p] > 0) pairs.add(new Interpretation.ConfusedPair(a, p, names.get(a), names.get(p), cm[a][p]));
            }
        }
        pairs.sort(Comparator.comparingLong(Interpretation.ConfusedPair::count).reversed()
                .thenComparingInt(Interpretation.ConfusedPair::actual).thenComparingInt(Interpretation.ConfusedPair::predicted));
        if (pairs.size() > MAX_PAIRS) pairs = new ArrayList<>(pairs.subList(0, MAX_PAIRS));
        return pairs;
    }

    /** Log-probabilities of row {@code i}: log-softmax of its logits, or of [−z, z]/sigmoid for one logit. */
    static void logProbabilities(float[] out, int i, int width, double[] logp) {
        if (width == 1) {
            double z = out[i];
            logp[1] = -softplus(-z);
            logp[0] = -softplus(z);
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < width; c++) max = Math.max(max, out[i * width + c]);
        double s = 0;
        for (int c = 0; c < width; c++) s += Math.exp(out[i * width + c] - max);
        double lse = max + Math.log(s);
        for (int c = 0; c < width; c++) logp[c] = out[i * width + c] - lse;
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static Interpretation regression(String run, String split, HostData data, float[] out, int width, int top,
                                             String loss, List<String> featureNames, List<String> notes) {
        int n = data.size();
        float[] actual = data.y().clone();
        float[] predicted = new float[n];
        double[] abs = new double[n];
        double[] sampleLoss = new double[n];
        String l = loss == null ? "mse" : loss.toLowerCase(Locale.ROOT);
        double lossSum = 0;
        for (int i = 0; i < n; i++) {
            predicted[i] = out[i * width]; // the first output is the prediction
            double r = (double) predicted[i] - actual[i];
            abs[i] = Math.abs(r);
            double a = Math.abs(r);
            sampleLoss[i] = switch (l) {
                case "mae", "l1" -> a;
                case "huber" -> a <= 1 ? 0.5 * r * r : a - 0.5;
                default -> r * r;
            };
            lossSum += sampleLoss[i];
        }
        List<Interpretation.Residual> res = new ArrayList<>();
        for (int i : highest(abs, top)) {
            res.add(new Interpretation.Residual(i, actual[i], predicted[i], (double) predicted[i] - actual[i],
                    sampleLoss[i], rawSample(data, i)));
        }
        List<String> ns = new ArrayList<>(notes);
        if (width > 1) ns.add("the model has " + width + " outputs; the first is taken as the prediction");
        return new Interpretation(run, split, HostData.REGRESSION, data.name(), n, List.of(), new long[0][0], List.of(),
                List.of(), List.of(), actual, predicted, res, data.sampleShape(), data.isImage(), featureNames,
                lossSum / n, ns);
    }

    /** Indices of the {@code k} largest values, largest first; NaN counts as largest, ties by index. */
    static int[] highest(double[] v, int k) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(key(v[b]), key(v[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int m = Math.min(k, v.length);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = idx[i];
        return out;
    }

    private static double key(double x) {
        return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
    }

    /**
     * Sample {@code i}'s feature values as the data holds them, before standardisation: read through the data's row
     * view from its shared storage (float features, or image pixels scaled), without copying the whole array.
     */
    static float[] rawSample(HostData d, int i) {
        int s = d.sampleSize();
        int row = d.rows() == null ? i : d.rows()[i];
        float[] out = new float[s];
        byte[] px = d.rawPixels();
        if (px != null) {
            float scale = d.pixelScale();
            for (int j = 0; j < s; j++) out[j] = (px[row * s + j] & 0xff) * scale;
        } else {
            System.arraycopy(d.rawX(), row * s, out, 0, s);
        }
        return out;
    }
}
