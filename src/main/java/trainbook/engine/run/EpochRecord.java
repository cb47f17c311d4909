package trainbook.engine.run;

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
 */
public record EpochRecord(int epoch, double trainLoss, double valLoss, double trainAcc, double valAcc,
                          double lr, double seconds) {
}
