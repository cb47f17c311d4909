package trainbook.engine.schedule;

import java.util.function.IntToDoubleFunction;

/**
 * torch's {@code LambdaLR}: a factor of the run's base LR, per step or per epoch. Until {@link Schedule#bind} knows
 * the base LR and the epoch length, {@link Schedule#lr} is the factor itself (base 1, one step per epoch).
 */
record RelativeSchedule(IntToDoubleFunction factor, boolean perEpoch) implements Schedule {
    @Override
    public double lr(int step) {
        return factor.applyAsDouble(step);
    }

    @Override
    public Schedule bind(double baseLr, int stepsPerEpoch) {
        return perEpoch ? Schedules.lambda(baseLr, stepsPerEpoch, factor) : Schedules.lambda(baseLr, factor);
    }

    @Override
    public String describe() {
        return perEpoch ? "lambda lr × f(epoch)" : "lambda lr × f(step)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
