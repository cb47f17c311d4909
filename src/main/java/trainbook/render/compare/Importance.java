package trainbook.render.compare;

import trainbook.engine.run.RunRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simple hyperparameter importance score for {@code %compare}: the share of the metric's variance across runs
 * that is explained by grouping the runs on one hyperparameter's value (η², the correlation ratio of a one-way
 * ANOVA).
 *
 * <p>For key {@code k}: runs with a finite best metric {@code y} (per {@link Monitor#best}) are grouped by their
 * value of {@code k}; {@code score = Σ_g n_g (ȳ_g − ȳ)² / Σ_i (y_i − ȳ)²}, in [0, 1]. 1 means the metric is the
 * same within each group (the key alone separates the runs); 0 means the group means are all equal. When every run
 * has the same metric the score is 0. Caveat, reported as {@link Score#identifiable()} = false: when every run
 * has its own value of the key (as many groups as runs), η² is 1 by construction and says nothing — a sweep needs
 * repeated values (a grid over two or more keys, or several seeds) for the score to mean something. Keys are
 * scored one at a time, so interactions are not separated.
 */
public final class Importance {
    private Importance() {}

    /**
     * One key's score.
     *
     * @param key          hyperparameter
     * @param score        η² in [0, 1]
     * @param groups       distinct values of the key among the scored runs
     * @param runs         runs with a finite metric
     * @param identifiable false when every run has its own value (score trivially 1) or fewer than 2 groups
     * @param bestValue    the value whose runs have the best mean metric
     * @param bestMean     that group's mean metric
     */
    public record Score(String key, double score, int groups, int runs, boolean identifiable, String bestValue,
                        double bestMean) {}

    /** Scores every key that differs between the runs (see {@link RunSet#differingKeys}), highest first. */
    public static List<Score> scores(List<RunRecord> runs, Monitor monitor) {
        RunSet.requireRuns(runs);
        List<Score> out = new ArrayList<>();
        for (String k : RunSet.differingKeys(runs)) out.add(score(runs, k, monitor));
        out.sort(Comparator.comparingDouble((Score s) -> s.identifiable() ? 0 : 1)
                .thenComparing(Comparator.comparingDouble(Score::score).reversed()));
        return out;
    }

    /** Scores one key. */
    public static Score score(List<RunRecord> runs, String key, Monitor monitor) {
        RunSet.requireRuns(runs);
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        double sum = 0;
        int n = 0;
        for (RunRecord r : runs) {
            double y = monitor.best(r);
            if (!Double.isFinite(y)) continue;
            groups.computeIfAbsent(r.spec().getOrDefault(key, ""), g -> new ArrayList<>()).add(y);
            sum += y;
            n++;
        }
        if (n == 0) return new Score(key, 0, 0, 0, false, "", Double.NaN);
        double mean = sum / n, ssTot = 0, ssBetween = 0;
        String bestValue = "";
        double bestMean = Double.NaN;
        for (Map.Entry<String, List<Double>> g : groups.entrySet()) {
            double gs = 0;
            for (double y : g.getValue()) {
                gs += y;
                ssTot += (y - mean) * (y - mean);
            }
            double gm = gs / g.getValue().size();
            ssBetween += g.getValue().size() * (gm - mean) * (gm - mean);
            if (Double.isNaN(bestMean) || (monitor.higherIsBetter() ? gm > bestMean : gm < bestMean)) {
                bestMean = gm;
                bestValue = g.getKey();
            }
        }
        double score = ssTot <= 1e-300 ? 0 : Math.min(1, Math.max(0, ssBetween / ssTot));
        boolean identifiable = groups.size() >= 2 && groups.size() < n;
        return new Score(key, score, groups.size(), n, identifiable, bestValue, bestMean);
    }
}
