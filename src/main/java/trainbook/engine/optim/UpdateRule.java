package trainbook.engine.optim;

import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

/**
 * An update rule applied by Trainbook's training loop. Implementations keep their own state (momentum buffers,
 * moment estimates) keyed by parameter name, allocated lazily on the parameter's device.
 *
 * <p>Contract: {@link #step} is called once per optimizer step, after the backward pass, after any gradient
 * clipping and after gradient statistics were read; it updates every parameter that has a gradient in place and
 * must not leak NDArrays (temporaries live in a sub-manager scope). {@code lr} already includes the schedule.
 */
public interface UpdateRule extends AutoCloseable {
    /** Name as spelled in {@code opt=}, e.g. {@code nesterov}. */
    String name();

    /**
     * Applies one update.
     *
     * @param step   0-based global step (bias corrections use step + 1)
     * @param lr     learning rate for this step
     * @param params the model's parameters (name → parameter), in block order
     */
    void step(int step, float lr, PairList<String, Parameter> params);

    /**
     * Sets the momentum coefficient of the following steps — SGD's μ for {@code momentum}/{@code nesterov},
     * β1 for {@code adam}/{@code adamw} — as a one-cycle schedule does before every step (torch's
     * {@code OneCycleLR} writes the param group's {@code momentum} or {@code betas[0]} the same way). The state
     * (momentum buffer, first moment) is kept; Adam's bias correction then uses the new β1, as torch's does.
     *
     * @return false, changing nothing, for a rule without such a coefficient (plain sgd, rmsprop, adagrad)
     * @throws IllegalArgumentException for a value outside [0, 1)
     */
    default boolean setMomentum(double momentum) {
        return false;
    }

    /**
     * Scales the learning rate per parameter from the next step on: parameter {@code name} is updated with
     * {@code lr × scale(name)}, as torch's parameter groups with their own {@code lr} (a lower LR for a pretrained
     * body, {@code body_lr=}). Null restores one LR for all.
     *
     * @return false, changing nothing, for a rule that cannot scale per parameter
     */
    default boolean setLrScale(java.util.function.ToDoubleFunction<String> scale) {
        return false;
    }

    /** Frees the optimizer state. */
    @Override
    default void close() {}
}
