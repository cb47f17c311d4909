package trainbook.engine.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run's time to its first finished batch goes: the phases between the start of training ({@code fit}) and
 * the end of the first optimizer step, each in seconds, for the most recent run of this process
 * ({@link #last()}). The benchmark reads it from a fresh kernel ({@code trainbook.engine.probe.StartupTimes.last()}
 * in a cell after a {@code %train}) so the README can say what each part of the first batch costs.
 *
 * <p>The run being set up on a thread owns a clock ({@link #start()}); code deep in the set-up (the data set's
 * decode) marks its phase with {@link #mark(String)} without the clock being passed down, and marks nothing when no
 * run is being timed on the thread.
 */
public final class StartupTimes {
    private static final ThreadLocal<StartupTimes> CURRENT = new ThreadLocal<>();
    /** Threads whose runs are not the user's (the kernel's warm-up step): their first batch never becomes last(). */
    private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> false);
    private static volatile StartupTimes last;

    private final long start = System.nanoTime();
    private final List<String> names = new ArrayList<>();
    private final List<Long> at = new ArrayList<>();
    private long firstBatchEpochMillis = -1;

    private StartupTimes() {}

    /**
     * Whether runs on this thread are left out of {@link #last()} (the kernel's warm-up step, which must not pass
     * for the user's first batch); returns the previous setting, so a caller can put it back.
     */
    public static boolean quiet(boolean on) {
        boolean before = QUIET.get();
        QUIET.set(on);
        return before;
    }

    /** Starts timing the run being set up on this thread (replacing any earlier clock of the thread). */
    public static StartupTimes start() {
        StartupTimes t = new StartupTimes();
        CURRENT.set(t);
        return t;
    }

    /**
     * Starts timing on this thread unless a clock already runs here (a magic started it with the cell, so its own
     * set-up is a phase): training code calls this, the outermost caller owns the clock.
     */
    public static void startIfNone() {
        StartupTimes t = CURRENT.get();
        if (t == null || t.firstBatchEpochMillis() >= 0) start();
    }

    /** Ends the phase {@code name} now on this thread's clock; nothing when no run is being timed here. */
    public static void mark(String name) {
        StartupTimes t = CURRENT.get();
        if (t != null) t.markHere(name);
    }

    /** Ends the phase {@code name} now. */
    public synchronized void markHere(String name) {
        if (firstBatchEpochMillis >= 0) return; // the phases end with the first batch
        names.add(name);
        at.add(System.nanoTime());
    }

    /** The first batch finished now: the last phase is {@code name}; this becomes {@link #last()}. */
    public void firstBatch(String name) {
        synchronized (this) {
            if (firstBatchEpochMillis >= 0) return;
            names.add(name);
            at.add(System.nanoTime());
            firstBatchEpochMillis = System.currentTimeMillis();
        }
        if (CURRENT.get() == this) CURRENT.remove();
        if (!QUIET.get()) last = this;
    }

    /** The run timed on this thread finished its first batch (the last phase is {@code name}); else nothing. */
    public static void firstBatchDone(String name) {
        StartupTimes t = CURRENT.get();
        if (t != null) t.firstBatch(name);
    }

    /** Stops timing on this thread; a run that ended before its first batch is not recorded. */
    public static void stop() {
        CURRENT.remove();
    }

    /** The most recent run's phases, or null when no run has finished a batch in this process. */
    public static StartupTimes last() { return last; }

    /** Phase name → seconds, in order; a phase marked twice (two data sets decoded) adds up. */
    public synchronized Map<String, Double> phases() {
        Map<String, Double> out = new LinkedHashMap<>();
        long prev = start;
        for (int i = 0; i < names.size(); i++) {
            out.merge(names.get(i), (at.get(i) - prev) / 1e9, Double::sum);
            prev = at.get(i);
        }
        return out;
    }

    /** Seconds from the start of training to the end of the first batch. */
    public synchronized double totalSeconds() {
        return at.isEmpty() ? 0 : (at.get(at.size() - 1) - start) / 1e9;
    }

    /** Wall-clock time (ms since the epoch) the first batch finished, or −1: a client compares it with its own. */
    public synchronized long firstBatchEpochMillis() { return firstBatchEpochMillis; }

    /** One JSON object: {@code {"phases": {...}, "total_s": T, "first_batch_epoch_ms": M}}. */
    public String json() {
        StringBuilder b = new StringBuilder("{\"phases\": {");
        boolean first = true;
        for (Map.Entry<String, Double> e : phases().entrySet()) {
            if (!first) b.append(", ");
            first = false;
            b.append('"').append(e.getKey()).append("\": ").append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
        return b.append("}, \"total_s\": ").append(String.format(Locale.ROOT, "%.4f", totalSeconds()))
                .append(", \"first_batch_epoch_ms\": ").append(firstBatchEpochMillis()).append('}').toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("first batch ").append(String.format(Locale.ROOT, "%.3f s", totalSeconds()));
        String sep = " = ";
        for (Map.Entry<String, Double> e : phases().entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.3f s", e.getValue()));
            sep = " + ";
        }
        return b.toString();
    }
}
