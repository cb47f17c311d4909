package trainbook.engine.loop;

import trainbook.engine.run.StopReason;

/**
 * Stops a run whose loss went bad: a NaN or infinite loss (non_finite), or a loss more than {@code factor} times
 * the first step's (diverged; the first loss counts as at least 1e-3, so a near-zero start does not make every
 * later loss look like an explosion). DJL's {@code DivergenceCheckTrainingListener} is the model.
 */
final class LossGuard {
    private final double factor;
    private double firstLoss = Double.NaN;

    LossGuard(double factor) {
        this.factor = factor;
    }

    /** Feeds one step's loss; the reason to stop, or null to go on. */
    StopReason check(double loss) {
        if (!Double.isFinite(loss)) return StopReason.NON_FINITE;
        if (Double.isNaN(firstLoss)) {
            firstLoss = loss;
            return null;
        }
        return loss > factor * Math.max(firstLoss, 1e-3) ? StopReason.DIVERGED : null;
    }
}
