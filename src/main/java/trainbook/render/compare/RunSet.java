package trainbook.render.compare;

import trainbook.engine.run.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Helpers over a group of runs being compared. */
public final class RunSet {
    /** Spec keys never shown as hyperparameters (naming, output and storage switches). */
    public static final Set<String> IGNORED = Set.of("name", "as", "live", "dry", "runs_dir", "format");

    private RunSet() {}

    /**
     * Spec keys whose value is not the same in every run (a key missing from a run counts as a value), in the
     * order they first appear; ignores {@link #IGNORED}.
     */
    public static List<String> differingKeys(List<RunRecord> runs) {
        Set<String> keys = new LinkedHashSet<>();
        for (RunRecord r : runs) keys.addAll(r.spec().keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (IGNORED.contains(k)) continue;
            String first = runs.get(0).spec().get(k);
            for (RunRecord r : runs) {
                if (!Objects.equals(first, r.spec().get(k))) {
                    out.add(k);
                    break;
                }
            }
        }
        return out;
    }

    /** Runs sorted best first by {@code monitor} (a copy). */
    public static List<RunRecord> sorted(List<RunRecord> runs, Monitor monitor) {
        List<RunRecord> s = new ArrayList<>(runs);
        s.sort(monitor.order());
        return s;
    }

    /** Spec value of {@code key} parsed as a number, NaN when absent or not numeric. */
    public static double numeric(RunRecord r, String key) {
        String v = r.spec().get(key);
        if (v == null) return Double.NaN;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static void requireRuns(List<RunRecord> runs) {
        if (runs == null || runs.isEmpty()) throw new IllegalArgumentException("no runs to compare: give run names, all, or last=N");
    }
}
