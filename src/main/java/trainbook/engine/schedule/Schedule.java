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
}
