package trainbook.engine.loop;

import java.util.function.LongSupplier;

/** The {@code max_time} budget: seconds since the run started, read from a clock in nanoseconds. */
final class TimeBudget {
    private final Double maxSeconds;
    private final long startNanos;
    private final LongSupplier clock;

    /** @param maxSeconds null for no budget */
    TimeBudget(Double maxSeconds, long startNanos, LongSupplier clock) {
        this.maxSeconds = maxSeconds;
        this.startNanos = startNanos;
        this.clock = clock;
    }

    /** True once more than the budget has passed. */
    boolean exhausted() {
        return maxSeconds != null && (clock.getAsLong() - startNanos) / 1e9 > maxSeconds;
    }
}
