package trainbook.engine.loop;

import trainbook.engine.metrics.Metrics;

import java.util.List;
import java.util.Locale;

/**
 * Early-stopping bookkeeping, free of any engine calls: it watches one metric per epoch and says when the metric
 * improved (so the caller snapshots the weights) and when to stop.
 *
 * <p>Semantics: the mode is inferred from the metric ({@link Metrics#higherIsBetter}: accuracies, F1, precision,
 * recall and R² are maximised, losses, MAE and RMSE minimised). An epoch
 * improves when its value beats the best so far by more than {@code minDelta}. Epochs up to and including
 * {@code startFromEpoch} are ignored (warm-up). After {@code patience} consecutive monitored epochs without
 * improvement, {@link #update} returns {@link Decision#STOP}. Non-finite values never improve.
 */
public final class EarlyStopping {
    /** Metrics that can be monitored: losses, train_acc and every metric on the validation set ({@link Metrics}). */
    public static final List<String> MONITORS = Metrics.monitors();

    /** What {@link #update} decided for an epoch. */
    public enum Decision {
        /** new best value: keep these weights */
        IMPROVED,
        /** no improvement, keep going */
        CONTINUE,
        /** patience exhausted */
        STOP,
        /** the epoch was before {@code startFromEpoch} */
        IGNORED
    }

    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final int startFromEpoch;
    private final boolean maximize;
    private double best = Double.NaN;
    private int bestEpoch;
    private int wait;

    /**
     * @param monitor        one of {@link #MONITORS}, e.g. val_loss, val_acc, val_f1
     * @param patience       epochs without improvement before stopping (≥ 1)
     * @param minDelta       minimum change that counts as improvement (≥ 0)
     * @param startFromEpoch epochs to ignore at the start (≥ 0)
     */
    public EarlyStopping(String monitor, int patience, double minDelta, int startFromEpoch) {
        String m = monitor == null ? "val_loss" : monitor.trim().toLowerCase(Locale.ROOT);
        if (!MONITORS.contains(m)) {
            throw new IllegalArgumentException("monitor '" + monitor + "': valid: " + String.join(", ", MONITORS));
        }
        if (patience < 1) throw new IllegalArgumentException("patience '" + patience + "': expected a whole number ≥ 1");
        if (!(minDelta >= 0)) throw new IllegalArgumentException("min_delta '" + minDelta + "': expected a number ≥ 0");
        if (startFromEpoch < 0) {
            throw new IllegalArgumentException("start_from_epoch '" + startFromEpoch + "': expected a whole number ≥ 0");
        }
        this.monitor = m;
        this.patience = patience;
        this.minDelta = minDelta;
        this.startFromEpoch = startFromEpoch;
        this.maximize = Metrics.higherIsBetter(m);
    }

    /** Whether larger values are better ({@code val_acc}, {@code val_f1}, ...). */
    public static boolean maximizes(String monitor) {
        return monitor != null && Metrics.higherIsBetter(monitor);
    }

    /** Feeds the metric of 1-based epoch {@code epoch}. */
    public Decision update(int epoch, double value) {
        if (epoch <= startFromEpoch) return Decision.IGNORED;
        boolean improved = Double.isFinite(value) && (Double.isNaN(best)
                || (maximize ? value > best + minDelta : value < best - minDelta));
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            return Decision.IMPROVED;
        }
        wait++;
        return wait >= patience ? Decision.STOP : Decision.CONTINUE;
    }

    public String monitor() { return monitor; }
    public boolean maximize() { return maximize; }
    /** Best value so far, NaN before the first monitored epoch. */
    public double best() { return best; }
    /** Epoch of the best value, 0 before the first monitored epoch. */
    public int bestEpoch() { return bestEpoch; }
    /** Monitored epochs since the last improvement. */
    public int waited() { return wait; }
    public int patience() { return patience; }
}
