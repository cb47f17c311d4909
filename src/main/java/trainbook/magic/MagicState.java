package trainbook.magic;

import trainbook.engine.TrainSpec;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.RunRecord;
import trainbook.magic.args.ArgException;

/**
 * What the magics remember between cells of one kernel: the last range test (so {@code lr=lrfind} works) and the
 * last run (the default of {@code %doctor}). Each {@link NotebookSession} has its own.
 */
public final class MagicState {
    private volatile LrFindResult lastLrFind;
    /** model and data of the last range test, e.g. {@code mlp(256,128)@fashion-mnist} */
    private volatile String lastLrFindSetup;
    private volatile RunRecord lastRun;

    /** An empty state (a {@link NotebookSession} makes one). */
    MagicState() {}

    /** The last {@code %lrfind} result, or null. */
    public LrFindResult lastLrFind() { return lastLrFind; }

    /** Remembers a range test. */
    public void lastLrFind(LrFindResult r) { lastLrFind(r, null); }

    /** Remembers a range test and the model/data it ran on (see {@link #setup(TrainSpec)}). */
    public void lastLrFind(LrFindResult r, String setup) {
        lastLrFind = r;
        lastLrFindSetup = setup;
    }

    /** {@code model@data} of a spec, the key that says whether a range test applies to a run (no state: static). */
    public static String setup(TrainSpec spec) {
        var m = spec.toMap();
        return m.get("model") + "@" + m.get("data");
    }

    /**
     * The last range test's suggestion when it ran on the same model and data as {@code spec}, else NaN: what
     * the doctor compares a run's LR with.
     */
    public double suggestionFor(TrainSpec spec) {
        LrFindResult r = lastLrFind;
        if (r == null || lastLrFindSetup == null || !lastLrFindSetup.equals(setup(spec))) return Double.NaN;
        return r.suggested();
    }

    /** The last run trained by a magic in this kernel, or null. */
    public RunRecord lastRun() { return lastRun; }

    /** Remembers a run. */
    public void lastRun(RunRecord r) { lastRun = r; }

    /**
     * Resolves {@code lr=lrfind}: sets {@code spec.lr} to the last range test's suggestion.
     *
     * @throws ArgException when no range test ran in this kernel
     */
    public void resolveLr(TrainSpec spec) {
        if (!spec.lrFromFinder()) return;
        LrFindResult r = lastLrFind;
        if (r == null || !(r.suggested() > 0) || !Double.isFinite(r.suggested())) {
            throw new ArgException("lr=lrfind", "lr=lrfind needs a suggestion from %lrfind, and "
                    + (r == null ? "none ran in this kernel" : "the last range test found none")
                    + ": run %lrfind first, or give a number, e.g. lr=1e-3");
        }
        spec.lr(r.suggested()).lrFromFinder(true); // lr() alone would mark the LR as given by hand
    }

    /** Forgets everything. */
    void clear() {
        lastLrFind = null;
        lastLrFindSetup = null;
        lastRun = null;
    }
}
