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
 * has the same metric the score is 0. A score needs enough runs behind it, else {@link Score#identifiable()} is
 * false and the tables say "not enough runs" ({@link #shortfall}): η² needs at least {@link #MIN_RUNS_PER_VALUE}
 * runs for every value (with one run per value η² is 1 by construction — a sweep needs repeated values: a grid
 * over two or more keys, or several seeds), ρ² at least {@link #MIN_RANK_RUNS} runs.
 *
 * <p>For that case (random search: every run its own value) a numeric key is scored instead by ρ², the squared
 * Spearman rank correlation between the key's value and the metric over at least 3 runs: the share of the
 * metric's rank variance that a monotone trend in the key explains (ties get average ranks). Keys are scored one
 * at a time, so interactions are not separated; {@link Score#method()} says which score was used.
 */
public final class Importance {
    private Importance() {}

    /**
     * η² needs at least this many runs for every value of the key: with one run per value the within-value
     * variance is zero and η² is 1 whatever the key does.
     */
    public static final int MIN_RUNS_PER_VALUE = 2;
    /** ρ² (every run its own value) needs at least this many runs: below it a perfect rank order is common by chance. */
    public static final int MIN_RANK_RUNS = 5;
    /** What the tables show instead of a score that has too few runs behind it. */
    public static final String NOT_ENOUGH = "not enough runs";

    /** Why a score says nothing ("not enough runs: …"), or empty when it is {@linkplain Score#identifiable usable}. */
    public static String shortfall(Score s) {
        if (s.identifiable()) return "";
        if (s.method().equals("ρ²")) return NOT_ENOUGH + ": " + s.runs() + " runs, ρ² needs ≥ " + MIN_RANK_RUNS;
        if (s.groups() < 2) return NOT_ENOUGH + ": one value";
        return NOT_ENOUGH + ": η² needs ≥ " + MIN_RUNS_PER_VALUE + " runs per value (" + s.groups() + " values, "
                + s.runs() + " runs)";
    }

    /**
     * One key's score.
     *
     * @param key          hyperparameter
     * @param score        η² or ρ² in [0, 1]
     * @param method       {@code η²} (grouping) or {@code ρ²} (rank correlation, numeric keys with unique values)
     * @param groups       distinct values of the key among the scored runs
     * @param runs         runs with a finite metric
     * @param identifiable false when every run has its own value (score trivially 1) or fewer than 2 groups
     * @param bestValue    the value whose runs have the best mean metric
     * @param bestMean     that group's mean metric
     */
    public record Score(String key, double score, String method, int groups, int runs, boolean identifiable,
                        String bestValue, double bestMean) {}

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
        if (n == 0) return new Score(key, 0, "η²", 0, 0, false, "", Double.NaN);
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
        boolean identifiable = groups.size() >= 2
                && groups.values().stream().allMatch(g -> g.size() >= MIN_RUNS_PER_VALUE);
        if (!identifiable && groups.size() == n && n >= 3) {
            Score rho = rankScore(runs, key, monitor);
            if (rho != null) return rho;
        }
        return new Score(key, score, "η²", groups.size(), n, identifiable, bestValue, bestMean);
    }

    /** ρ² of a numeric key against the metric, or null when some value is not a number. */
    static Score rankScore(List<RunRecord> runs, String key, Monitor monitor) {
        List<double[]> xy = new ArrayList<>();
        String bestValue = "";
        double best = Double.NaN;
        for (RunRecord r : runs) {
            double y = monitor.best(r);
            if (!Double.isFinite(y)) continue;
            double x = RunSet.numeric(r, key);
            if (!Double.isFinite(x)) return null;
            xy.add(new double[]{x, y});
            if (Double.isNaN(best) || (monitor.higherIsBetter() ? y > best : y < best)) {
                best = y;
                bestValue = r.spec().getOrDefault(key, "");
            }
        }
        double[] x = new double[xy.size()], y = new double[xy.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = xy.get(i)[0];
            y[i] = xy.get(i)[1];
        }
        double rho = spearman(x, y);
        double score = Double.isFinite(rho) ? rho * rho : 0;
        return new Score(key, score, "ρ²", x.length, x.length, x.length >= MIN_RANK_RUNS, bestValue, best);
    }

    /** Spearman rank correlation (average ranks for ties); NaN when either side is constant. */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        for (int i = 0; i < idx.length; ) {
            int j = i;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[idx[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        if (n < 2) return Double.NaN;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        if (saa <= 0 || sbb <= 0) return Double.NaN;
        return sab / Math.sqrt(saa * sbb);
    }
}
