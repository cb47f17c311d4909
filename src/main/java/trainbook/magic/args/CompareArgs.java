package trainbook.magic.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What {@code %compare} parses into: either saved runs to compare ({@link Mode#SAVED}) or a sweep to run and then
 * compare ({@link Mode#SWEEP}), expanded into trials.
 */
public final class CompareArgs {
    /** The two forms of %compare. */
    public enum Mode { SAVED, SWEEP }

    /** One trial of a sweep: its full arguments and the swept keys' values for this trial. */
    public record Trial(int index, MagicArgs args, LinkedHashMap<String, String> varied) {}

    /** which form */
    public Mode mode;
    /** SAVED: run names in the order given (empty with {@link #all} or {@link #last}) */
    public final List<String> runs = new ArrayList<>();
    /** SAVED: every saved run */
    public boolean all;
    /** SAVED: the N most recent runs, or null */
    public Integer last;
    /** chart format: png | svg */
    public String format = "png";
    /** charts=: interactive | static, or null for the kernel-wide default */
    public String charts;
    /** the metric that ranks the leaderboard */
    public String monitor = "val_loss";
    /** SWEEP: grid | random */
    public String search = "grid";
    /** SWEEP: swept key → its alternatives, in the order given */
    public final LinkedHashMap<String, List<String>> swept = new LinkedHashMap<>();
    /** SWEEP with search=random: key → {lo, hi} for keys given as a range {@code lo..hi} */
    public final LinkedHashMap<String, double[]> ranges = new LinkedHashMap<>();
    /** SWEEP: the keys shared by every trial */
    public MagicArgs base;
    /** SWEEP: the expanded trials */
    public final List<Trial> trials = new ArrayList<>();
    /** where runs are saved and looked up; null = ./runs */
    public String runsDir;
    /** the name the comparison is bound to (and the sweep trials' prefix), or null */
    public String as;
    /**
     * SWEEP run as a study (search=tpe, prune=, or study= given): the space searched, with {@link #trials} left
     * empty; trials are sampled one by one while the study runs.
     */
    public trainbook.engine.sweep.SearchSpace space;
    /** study: total number of trials */
    public int trialCount;
    /** study: none | median | asha */
    public String prune = "none";
    /** study: min_epochs=, null = default */
    public Integer minEpochs;
    /** study: eta=, null = 4 */
    public Integer eta;
    /** study with search=tpe: one joint estimator over all parameters (multivariate=true) */
    public boolean multivariate;
    /** study: its name (saved under RUNS/studies/NAME), or null for a study kept in memory */
    public String study;
    /** study: local | spark */
    public String backend = "local";
    /** backend=spark: master URL (default local[2]) */
    public String master;
    /** backend=spark: trials in flight (default 2) */
    public int parallel = 1;
    /** backend=spark: trials send back their parameters too (keep_params=true), saved as params.bin */
    public boolean keepParams;

    /** True when the sweep runs as a study (see {@link #space}). */
    public boolean isStudy() { return space != null; }
}
