package trainbook.render.compare;

import trainbook.engine.metrics.Metrics;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The metric runs are ranked by ({@code monitor=} key): {@code val_loss} and {@code train_loss} (lower is better),
 * {@code val_acc} and {@code train_acc} (higher is better), and every other validation metric ({@code val_f1},
 * {@code val_rmse}, ...; direction from {@link Metrics#higherIsBetter}). Ranking never looks at {@code test_*}.
 *
 * @param key            the key as spelled in {@code monitor=}
 * @param higherIsBetter whether larger values rank first
 */
public record Monitor(String key, boolean higherIsBetter) {
    public static final Monitor VAL_LOSS = new Monitor("val_loss", false);
    public static final Monitor VAL_ACC = new Monitor("val_acc", true);
    public static final Monitor TRAIN_LOSS = new Monitor("train_loss", false);
    public static final Monitor TRAIN_ACC = new Monitor("train_acc", true);

    /** Every name {@link #parse} accepts. */
    public static final List<String> VALID = Metrics.monitors();

    /**
     * Parses {@code val_loss | val_acc | train_loss | train_acc | val_METRIC}; null or empty → val_loss.
     *
     * @throws IllegalArgumentException quoting the bad value and listing the valid ones
     */
    public static Monitor parse(String s) {
        if (s == null || s.isBlank()) return VAL_LOSS;
        String k = s.trim().toLowerCase(Locale.ROOT);
        if (!VALID.contains(k)) {
            throw new IllegalArgumentException("monitor='" + s + "' is not a metric: use " + String.join(", ", VALID));
        }
        return new Monitor(k, Metrics.higherIsBetter(k));
    }

    /** The monitor a run was trained with (its spec's {@code monitor}), val_loss when absent or unknown. */
    public static Monitor of(RunRecord r) {
        try {
            return parse(r.spec("monitor", "val_loss"));
        } catch (IllegalArgumentException e) {
            return VAL_LOSS;
        }
    }

    /** The metric of one epoch (NaN when not measured). */
    public double of(EpochRecord e) {
        return e.metric(key);
    }

    /**
     * The best value of this metric over the run's epochs (min for losses, max for accuracies), falling back to
     * the run's final metric of that name; NaN when neither exists.
     */
    public double best(RunRecord r) {
        double best = Double.NaN;
        for (EpochRecord e : r.epochs()) {
            double v = of(e);
            if (!Double.isFinite(v)) continue;
            if (Double.isNaN(best) || (higherIsBetter ? v > best : v < best)) best = v;
        }
        return Double.isNaN(best) ? r.metric(key) : best;
    }

    /** Orders runs best first by {@link #best(RunRecord)}; runs without the metric go last. */
    public Comparator<RunRecord> order() {
        return (a, b) -> {
            double x = best(a), y = best(b);
            boolean nx = !Double.isFinite(x), ny = !Double.isFinite(y);
            if (nx || ny) return Boolean.compare(nx, ny);
            return higherIsBetter ? Double.compare(y, x) : Double.compare(x, y);
        };
    }
}
