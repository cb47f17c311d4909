package trainbook.engine.lrfind;

import java.util.Locale;

/** Why a learning-rate range test ended, as {@link trainbook.engine.run.StopReason} says it for a run. */
public enum RangeStop {
    /** every step of the ramp ran */
    COMPLETED,
    /** the smoothed loss rose above 4× its best: the rest of the ramp would only explode further */
    DIVERGED,
    /** the user interrupted the cell */
    INTERRUPTED;

    /** Lower case, as shown: {@code completed}, {@code diverged}, {@code interrupted}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
