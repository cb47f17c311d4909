package trainbook.engine.schedule;

import java.util.function.IntToDoubleFunction;

/** A schedule defined by a function of the step, and optionally a momentum function (null: none). */
record FnSchedule(IntToDoubleFunction f, IntToDoubleFunction mom, String description) implements Schedule {
    FnSchedule(IntToDoubleFunction f, String description) {
        this(f, null, description);
    }

    @Override
    public double lr(int step) {
        return f.applyAsDouble(step);
    }

    @Override
    public double momentum(int step) {
        return mom == null ? Double.NaN : mom.applyAsDouble(step);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
