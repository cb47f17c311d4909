package trainbook.engine.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary of one epoch. {@code NaN} where a value does not apply (no validation set, regression has no accuracy).
 *
 * @param epoch     1-based
 * @param trainLoss mean training loss over the epoch's batches
 * @param valLoss   validation loss at the end of the epoch
 * @param trainAcc  training accuracy (classification)
 * @param valAcc    validation accuracy (classification)
 * @param lr        learning rate at the end of the epoch
 * @param seconds   wall time of the epoch including validation
 * @param metrics   the other metrics of the epoch by split-prefixed name ({@code val_f1}, {@code val_rmse}, ...;
 *                  {@code metrics=} key), finite values only; empty in records saved before metrics existed
 */
public record EpochRecord(int epoch, double trainLoss, double valLoss, double trainAcc, double valAcc,
                          double lr, double seconds, Map<String, Double> metrics) {
    public EpochRecord {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        if (metrics != null) {
            for (Map.Entry<String, Double> e : metrics.entrySet()) {
                if (e.getKey() != null && e.getValue() != null && Double.isFinite(e.getValue())) m.put(e.getKey(), e.getValue());
            }
        }
        metrics = Collections.unmodifiableMap(m);
    }

    /** An epoch with loss and accuracy only. */
    public EpochRecord(int epoch, double trainLoss, double valLoss, double trainAcc, double valAcc, double lr,
                       double seconds) {
        this(epoch, trainLoss, valLoss, trainAcc, valAcc, lr, seconds, Map.of());
    }

    /**
     * A value by its history name: {@code train_loss}, {@code val_loss}, {@code train_acc}, {@code val_acc}, or one
     * of {@link #metrics}; NaN when not measured.
     */
    public double metric(String key) {
        return switch (key) {
            case "train_loss" -> trainLoss;
            case "val_loss" -> valLoss;
            case "train_acc" -> trainAcc;
            case "val_acc" -> valAcc;
            default -> metrics.getOrDefault(key, Double.NaN);
        };
    }
}
