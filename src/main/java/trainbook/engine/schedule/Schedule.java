package trainbook.engine.schedule;

/**
 * A learning-rate schedule: the LR to use at each optimizer step. Pure and deterministic, so the planned values
 * can be previewed before training and drawn next to the values actually applied.
 */
public interface Schedule {
    /** Learning rate at 0-based global step {@code step}. */
    double lr(int step);

    /** The per-step values for a run of {@code totalSteps} steps, without training. */
    default double[] preview(int totalSteps) {
        double[] v = new double[Math.max(0, totalSteps)];
        for (int i = 0; i < v.length; i++) v[i] = lr(i);
        return v;
    }

    /** One-line description, e.g. {@code warmup(5 epochs, linear) → cosine(1e-2 → 1e-3)}. */
    String describe();

    /**
     * The momentum coefficient to use at 0-based step {@code step} — SGD's μ (opt=momentum, nesterov), Adam's β1
     * (adam, adamw) — for schedules that cycle it as torch's {@code OneCycleLR} does; NaN (the default) leaves the
     * optimizer's own momentum alone.
     */
    default double momentum(int step) {
        return Double.NaN;
    }

    /**
     * The schedule to run for a run whose base learning rate ({@code lr=}) and epoch length are now known.
     * Schedules built with fixed values return themselves (the default); a multiplier schedule such as
     * {@link Schedules#lambda(java.util.function.IntToDoubleFunction)} returns {@code baseLr × factor}, as
     * torch's {@code LambdaLR} scales the optimizer's own LR.
     */
    default Schedule bind(double baseLr, int stepsPerEpoch) {
        return this;
    }
}
