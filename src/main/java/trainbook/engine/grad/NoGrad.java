package trainbook.engine.grad;

import ai.djl.pytorch.jni.JniUtils;

/**
 * A scope in which the PyTorch engine records no autograd graph, like {@code torch.no_grad()}: in-place updates of
 * parameters are then allowed even when called inside an open {@code GradientCollector}, and statistics computed
 * on gradients build no graph. Grad mode is per thread; the previous mode is restored on close.
 *
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.enter()) {
 *     weight.subi(update);
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private final boolean restore;

    private NoGrad(boolean restore) {
        this.restore = restore;
    }

    /** Turns grad mode off for this thread until {@link #close()}. */
    public static NoGrad enter() {
        boolean was = JniUtils.isGradMode();
        if (was) JniUtils.setGradMode(false);
        return new NoGrad(was);
    }

    /** Restores grad mode if it was on. */
    @Override
    public void close() {
        if (restore) JniUtils.setGradMode(true);
    }
}
