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
}
