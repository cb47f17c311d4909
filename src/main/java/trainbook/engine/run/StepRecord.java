package trainbook.engine.run;

/**
 * What happened at one optimizer step. Values that were not measured at this step are {@code NaN}
 * (gradient statistics are sampled every N steps).
 *
 * @param step        global step, 0-based
 * @param epoch       epoch, 1-based
 * @param batch       batch index within the epoch, 0-based
 * @param lr          learning rate applied at this step
 * @param loss        training loss of this batch
 * @param gradNorm    global L2 norm of all gradients, read before the optimizer step (before clipping)
 * @param updateRatio global ||update|| / ||params|| of this step
 * @param millis      wall time of the step in milliseconds
 */
public record StepRecord(int step, int epoch, int batch, double lr, double loss, double gradNorm,
                         double updateRatio, double millis) {
}
