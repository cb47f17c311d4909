package trainbook.render.compare;

import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;

import java.util.Comparator;
import java.util.Locale;

/**
 * The metric runs are ranked by ({@code monitor=} key): {@code val_loss} and {@code train_loss} (lower is better),
 * {@code val_acc} and {@code train_acc} (higher is better).
 */
public enum Monitor {
    VAL_LOSS("val_loss", false), VAL_ACC("val_acc", true), TRAIN_LOSS("train_loss", false), TRAIN_ACC("train_acc", true);

    private final String key;
    private final boolean higherIsBetter;

    Monitor(String key, boolean higherIsBetter) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
    }

    /** The key as spelled in {@code monitor=}. */
    public String key() { return key; }

    public boolean higherIsBetter() { return higherIsBetter; }

    /**
     * Parses {@code val_loss | val_acc | train_loss | train_acc}; null or empty → val_loss.
     *
     * @throws IllegalArgumentException quoting the bad value and listing the valid ones
     */
    public static Monitor parse(String s) {
        if (s == null || s.isBlank()) return VAL_LOSS;
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (Monitor m : values()) if (m.key.equals(k)) return m;
        throw new IllegalArgumentException("monitor='" + s + "' is not a metric: use val_loss, val_acc, train_loss or train_acc");
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
        return switch (this) {
            case VAL_LOSS -> e.valLoss();
            case VAL_ACC -> e.valAcc();
            case TRAIN_LOSS -> e.trainLoss();
            case TRAIN_ACC -> e.trainAcc();
        };
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
