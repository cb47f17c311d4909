package trainbook.engine.loss;

import ai.djl.ndarray.NDArray;

/**
 * A training loss: the mean loss of a batch as a scalar NDArray, differentiable with respect to {@code pred}.
 * A lambda is enough for a custom loss: {@code (pred, label) -> pred.sub(label).abs().mean()}.
 */
@FunctionalInterface
public interface TrainLoss {
    /**
     * @param pred  model output, {@code [B, outputs]}
     * @param label targets: int64 class indices {@code [B]} (classification) or float32 {@code [B, 1]} (regression)
     * @return scalar mean loss
     */
    NDArray compute(NDArray pred, NDArray label);

    /** Name as spelled in {@code loss=}; {@code custom} for lambdas. */
    default String name() { return "custom"; }
}
