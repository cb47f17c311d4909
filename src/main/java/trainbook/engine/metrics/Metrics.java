package trainbook.engine.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * THE definitions of the evaluation metrics ({@code metrics=} key), by task, and their formulas over the
 * sufficient statistics an evaluation accumulates ({@link MetricAccumulator}):
 * <ul>
 *   <li>classification: {@code acc} (correct / n), {@code top5} (the true class among the five highest scores; a
 *       tie with the fifth counts as a hit), {@code f1}, {@code precision}, {@code recall} — macro averages over
 *       the classes that occur in the labels or the predictions (scikit-learn's {@code average="macro"}); a class
 *       never predicted has precision 0, a class never present recall 0, and F1 is the mean of the per-class
 *       F1 = 2PR/(P+R) (0 when P+R = 0), not the F1 of the averaged P and R;</li>
 *   <li>regression: {@code mae} (mean |y − ŷ|), {@code rmse} (√ mean (y − ŷ)²), {@code r2}
 *       (1 − SSE/SST, SST the squared deviation of y from its mean; NaN when y is constant).</li>
 * </ul>
 * Names are plain ({@code f1}); a run's history and record prefix them with the split ({@code val_f1},
 * {@code test_f1}).
 */
public final class Metrics {
    private Metrics() {}

    /** Metrics for classification, in help order. */
    public static final List<String> CLASSIFICATION = List.of("acc", "top5", "f1", "precision", "recall");
    /** Metrics for regression, in help order. */
    public static final List<String> REGRESSION = List.of("mae", "rmse", "r2");
    /** Every metric name. */
    public static final List<String> ALL;
    /** Prefixes a metric carries in a history or record. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    static {
        List<String> all = new ArrayList<>(CLASSIFICATION);
        all.addAll(REGRESSION);
        ALL = List.copyOf(all);
    }

    /** The default metrics of a task: {@code acc} for classification, {@code mae, r2} for regression. */
    public static List<String> defaults(boolean classification) {
        return classification ? List.of("acc") : List.of("mae", "r2");
    }

    /** Whether larger values of the metric (or of a loss, {@code val_loss}) are better. */
    public static boolean higherIsBetter(String metric) {
        String m = plain(metric);
        return switch (m) {
            case "acc", "top5", "f1", "precision", "recall", "r2" -> true;
            default -> false; // losses, mae, rmse
        };
    }

    /** Whether the name (plain or split-prefixed) is a metric of the task. */
    public static boolean fits(String metric, boolean classification) {
        return (classification ? CLASSIFICATION : REGRESSION).contains(plain(metric));
    }

    /** {@code val_f1} → {@code f1}; a plain name is returned unchanged (lower case). */
    public static String plain(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (String s : SPLITS) if (n.startsWith(s + "_")) return n.substring(s.length() + 1);
        return n;
    }

    /**
     * Checks a comma list of metric names without knowing the task (every known name is accepted).
     *
     * @return the names, lower case, in order, without duplicates
     * @throws IllegalArgumentException quoting an unknown name and listing the valid ones
     */
    public static List<String> parse(String list) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (list == null || list.isBlank()) return List.of();
        for (String p : list.split(",", -1)) {
            String m = p.trim().toLowerCase(Locale.ROOT);
            if (!ALL.contains(m)) {
                throw new IllegalArgumentException("metrics '" + p.trim() + "': unknown metric; valid: classification "
                        + String.join(", ", CLASSIFICATION) + "; regression " + String.join(", ", REGRESSION));
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    /**
     * The metrics a run computes: the requested ones (default by task when empty) plus the monitored one, checked
     * against the task.
     *
     * @param requested      names from {@code metrics=} (may be empty)
     * @param monitor        the early-stopping monitor (e.g. {@code val_f1}), or null
     * @param classification the task
     * @throws IllegalArgumentException quoting a name that does not fit the task and listing the ones that do
     */
    public static List<String> resolve(List<String> requested, String monitor, boolean classification) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        List<String> names = requested == null || requested.isEmpty() ? defaults(classification) : requested;
        for (String m : names) {
            String p = m.trim().toLowerCase(Locale.ROOT);
            if (!ALL.contains(p)) parse(p); // throws with the list of names
            if (!fits(p, classification)) throw misfit("metrics", p, classification);
            out.add(p);
        }
        if (monitor != null) {
            String p = plain(monitor);
            if (!p.equals("loss")) {
                if (!fits(p, classification)) throw misfit("monitor", monitor.trim(), classification);
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private static IllegalArgumentException misfit(String key, String token, boolean classification) {
        String task = classification ? "classification" : "regression";
        String valid = key.equals("monitor")
                ? "val_loss, train_loss, " + String.join(", ", (classification ? CLASSIFICATION : REGRESSION).stream()
                        .map(m -> "val_" + m).toList())
                : String.join(", ", classification ? CLASSIFICATION : REGRESSION);
        return new IllegalArgumentException(key + " '" + token + "' does not fit this " + task + " task; valid for "
                + task + ": " + valid);
    }

    /** Every name {@code monitor=} accepts: losses and each metric on the validation set, plus train_acc. */
    public static List<String> monitors() {
        List<String> out = new ArrayList<>(List.of("val_loss", "train_loss", "train_acc"));
        for (String m : ALL) out.add("val_" + m);
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ formulas

    /** Accuracy from a confusion matrix {@code cm[true][predicted]}; NaN when empty. */
    public static double accuracy(long[][] cm) {
        long n = 0, hit = 0;
        for (int i = 0; i < cm.length; i++) {
            for (int j = 0; j < cm[i].length; j++) n += cm[i][j];
            hit += cm[i][i];
        }
        return n == 0 ? Double.NaN : hit / (double) n;
    }

    /** Macro precision; see the class comment for the classes averaged over. */
    public static double precision(long[][] cm) {
        return macro(cm, 0);
    }

    /** Macro recall. */
    public static double recall(long[][] cm) {
        return macro(cm, 1);
    }

    /** Macro F1: mean of per-class F1. */
    public static double f1(long[][] cm) {
        return macro(cm, 2);
    }

    /** Per-class precision, recall or F1 ({@code which} 0, 1, 2) averaged over present classes. */
    private static double macro(long[][] cm, int which) {
        int k = cm.length;
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < k; c++) {
            long tp = cm[c][c], actual = 0, predicted = 0;
            for (int j = 0; j < k; j++) actual += cm[c][j];
            for (int i = 0; i < k; i++) predicted += cm[i][c];
            if (actual == 0 && predicted == 0) continue;
            classes++;
            double p = predicted == 0 ? 0 : tp / (double) predicted;
            double r = actual == 0 ? 0 : tp / (double) actual;
            sum += switch (which) {
                case 0 -> p;
                case 1 -> r;
                default -> p + r == 0 ? 0 : 2 * p * r / (p + r);
            };
        }
        return classes == 0 ? Double.NaN : sum / classes;
    }

    /** Mean absolute error from the sum of |y − ŷ| over n samples. */
    public static double mae(double sumAbs, long n) {
        return n == 0 ? Double.NaN : sumAbs / n;
    }

    /** Root mean squared error from the sum of (y − ŷ)². */
    public static double rmse(double sumSq, long n) {
        return n == 0 ? Double.NaN : Math.sqrt(sumSq / n);
    }

    /** R² = 1 − SSE/SST from SSE, Σy and Σy² over n samples; NaN when the targets do not vary. */
    public static double r2(double sse, double sumY, double sumY2, long n) {
        if (n == 0) return Double.NaN;
        double sst = sumY2 - sumY * sumY / n;
        return sst <= 1e-12 * Math.max(1, sumY2) ? Double.NaN : 1 - sse / sst;
    }
}
