package trainbook.engine.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Tree-structured Parzen Estimator, with the behaviour Optuna 3.1's {@code TPESampler} documents and its
 * defaults: the first {@code startup} (10) trials are random; then the finished trials are ranked (complete trials
 * by value first, then pruned trials by how far they got and their last value), the best {@code γ(n)} =
 * min(⌈0.1·n⌉, 25) form the "good" group and the rest the "bad" one; a {@link ParzenEstimator} l(x) is fitted to
 * the good group (observations weighted by recency once there are 25 or more: a ramp from 1/n to 1 for all but the
 * newest 25) and g(x) to the bad one; {@code candidates} (24) draws from l(x) are scored by log l(x) − log g(x)
 * (the expected-improvement ratio) and the best is taken. Univariate by default (one estimator per parameter,
 * each parameter chosen on its own); {@code multivariate} fits one joint estimator.
 */
public final class TpeSampler implements Sampler {
    private final int startup;
    private final int candidates;
    private final IntUnaryOperator gamma;
    private final IntFunction<double[]> weights;
    private final double priorWeight;
    private final boolean multivariate;
    private boolean exactDensity;

    /** Optuna's defaults: 10 startup trials, 24 candidates, γ(n) = min(⌈0.1n⌉, 25), prior weight 1, univariate. */
    public TpeSampler() {
        this(10, 24, false);
    }

    public TpeSampler(int startup, int candidates, boolean multivariate) {
        this(startup, candidates, TpeSampler::defaultGamma, TpeSampler::defaultWeights, 1.0, multivariate);
    }

    public TpeSampler(int startup, int candidates, IntUnaryOperator gamma, IntFunction<double[]> weights,
                      double priorWeight, boolean multivariate) {
        if (startup < 0) throw new IllegalArgumentException("startup trials must be ≥ 0, got " + startup);
        if (candidates < 1) throw new IllegalArgumentException("candidates must be ≥ 1, got " + candidates);
        this.startup = startup;
        this.candidates = candidates;
        this.gamma = gamma;
        this.weights = weights;
        this.priorWeight = priorWeight;
        this.multivariate = multivariate;
    }

    /**
     * Optuna's defaults with {@code multivariate=True}: one Parzen estimator over all parameters (bandwidths by
     * Scott's rule), so a candidate keeps its parameters together. Better than the univariate default when
     * parameters interact (the README's sweep benchmark: Hartmann-6 and the lr/wd/dropout-shaped 5-D function), a
     * little worse on Branin.
     */
    public static TpeSampler multivariate() {
        return new TpeSampler(10, 24, true);
    }

    /** min(⌈0.1·n⌉, 25). */
    public static int defaultGamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /** Ones below 25 observations; from 25 on, a ramp from 1/n to 1 over the oldest n-25 and ones for the newest 25. */
    public static double[] defaultWeights(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        if (n >= 25) {
            int r = n - 25;
            for (int i = 0; i < r; i++) w[i] = r == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (r - 1);
        }
        return w;
    }

    /**
     * Optuna 3.1 evaluates each Parzen component as φ(z)/mass, leaving out the component's 1/σ, and so does this
     * sampler by default (the behaviour measured against Optuna: see the README's sweep benchmark). {@code true}
     * uses normalised densities instead.
     */
    public TpeSampler exactDensity(boolean v) {
        exactDensity = v;
        return this;
    }

    @Override
    public String name() { return multivariate ? "tpe-multivariate" : "tpe"; }

    /** The good/bad split of some finished trials (chronological within each group). */
    record Split(List<Trial> below, List<Trial> above) {}

    /**
     * The trials samplers learn from (COMPLETE with a finite value, PRUNED) split into good and bad, as described
     * in the class comment. {@code sign} is +1 to minimise, -1 to maximise.
     */
    Split split(List<Trial> history, double sign) {
        List<Trial> obs = observed(history);
        int nBelow = gamma.applyAsInt(obs.size());
        Integer[] order = new Integer[obs.size()];
        double[][] key = new double[obs.size()][2];
        for (int i = 0; i < obs.size(); i++) {
            order[i] = i;
            Trial t = obs.get(i);
            if (t.state() == TrialState.COMPLETE) {
                key[i][0] = Double.NEGATIVE_INFINITY;
                key[i][1] = sign * t.value();
            } else if (!t.intermediate().isEmpty()) {
                var last = t.intermediate().lastEntry();
                key[i][0] = -last.getKey();
                key[i][1] = Double.isNaN(last.getValue()) ? Double.POSITIVE_INFINITY : sign * last.getValue();
            } else {
                key[i][0] = 1;
                key[i][1] = 0;
            }
        }
        Arrays.sort(order, (a, b) -> key[a][0] != key[b][0] ? Double.compare(key[a][0], key[b][0]) : Double.compare(key[a][1], key[b][1]));
        boolean[] good = new boolean[obs.size()];
        for (int i = 0; i < Math.min(nBelow, obs.size()); i++) good[order[i]] = true;
        List<Trial> below = new ArrayList<>(), above = new ArrayList<>();
        for (int i = 0; i < obs.size(); i++) (good[i] ? below : above).add(obs.get(i));
        return new Split(below, above);
    }

    static List<Trial> observed(List<Trial> history) {
        return history.stream().filter(t -> (t.state() == TrialState.COMPLETE && !Double.isNaN(t.value()))
                || t.state() == TrialState.PRUNED).toList();
    }

    /** The estimator of {@code names} over {@code group}. */
    ParzenEstimator estimator(SearchSpace space, List<String> names, List<Trial> group) {
        List<Param> ps = names.stream().map(space::get).toList();
        double[][] obs = new double[names.size()][group.size()];
        for (int p = 0; p < names.size(); p++) {
            for (int i = 0; i < group.size(); i++) obs[p][i] = ps.get(p).internal(group.get(i).params().get(names.get(p)));
        }
        double[] w = group.isEmpty() ? new double[0] : Arrays.copyOf(weights.apply(group.size()), group.size());
        return new ParzenEstimator(ps, obs, w, priorWeight, true, false, multivariate, !exactDensity);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, List<Trial> history, int number, Direction direction, Random rng) {
        double sign = direction.sign();
        List<Trial> usable = history.stream().filter(t -> t.params().keySet().containsAll(space.params().keySet())).toList();
        if (observed(usable).size() < Math.max(startup, 1)) {
            Map<String, Object> out = new LinkedHashMap<>();
            space.params().forEach((k, p) -> out.put(k, RandomSampler.draw(p, rng)));
            return out;
        }
        Split s = split(usable, sign);
        Map<String, Object> out = new LinkedHashMap<>();
        List<List<String>> groups = new ArrayList<>();
        if (multivariate) groups.add(new ArrayList<>(space.params().keySet()));
        else for (String k : space.params().keySet()) groups.add(List.of(k));
        for (List<String> names : groups) {
            ParzenEstimator l = estimator(space, names, s.below());
            ParzenEstimator g = estimator(space, names, s.above());
            double[][] draws = l.sample(rng, candidates);
            double[] ll = l.logPdf(draws), lg = g.logPdf(draws);
            int best = 0;
            for (int i = 1; i < candidates; i++) if (ll[i] - lg[i] > ll[best] - lg[best]) best = i;
            for (int p = 0; p < names.size(); p++) out.put(names.get(p), space.get(names.get(p)).external(draws[p][best]));
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String k : space.params().keySet()) ordered.put(k, out.get(k));
        return ordered;
    }
}
