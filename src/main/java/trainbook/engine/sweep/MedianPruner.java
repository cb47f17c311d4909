package trainbook.engine.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Optuna 3.1's {@code MedianPruner}: once {@code startup} (5) trials have completed, a trial is stopped at a step
 * ≥ {@code warmup} (0) when the best value it has reported so far is worse than the median of the completed
 * trials' values at that same step (at least {@code minTrials} (1) of them must have reported that step). With
 * {@code interval} > 1 only the first report at or after every interval-th step (counted from the warmup) is
 * judged. A NaN report prunes at once.
 */
public final class MedianPruner implements Pruner {
    private final int startup, warmup, interval, minTrials;

    /** Optuna's defaults: 5 startup trials, no warmup, every step, one trial at the step. */
    public MedianPruner() { this(5, 0, 1, 1); }

    public MedianPruner(int startup, int warmup, int interval, int minTrials) {
        if (startup < 0 || warmup < 0 || interval < 1 || minTrials < 1) {
            throw new IllegalArgumentException("median pruner: startup ≥ 0, warmup ≥ 0, interval ≥ 1, min trials ≥ 1"
                    + " (got " + startup + ", " + warmup + ", " + interval + ", " + minTrials + ")");
        }
        this.startup = startup;
        this.warmup = warmup;
        this.interval = interval;
        this.minTrials = minTrials;
    }

    @Override
    public boolean prune(Trial trial, List<Trial> trials, Direction direction) {
        List<Trial> complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        if (complete.isEmpty() || complete.size() < startup) return false;
        int step = trial.lastStep();
        if (step < 0 || step < warmup) return false;
        int nearestPruningStep = (step - warmup) / interval * interval + warmup;
        int secondLast = trial.intermediate().keySet().stream().filter(s -> s != step).mapToInt(Integer::intValue).max().orElse(-1);
        if (secondLast >= nearestPruningStep) return false;
        double best = Double.NaN;
        for (double v : trial.intermediate().values()) if (direction.better(v, best)) best = v;
        if (Double.isNaN(best)) return true;
        List<Double> at = new ArrayList<>();
        for (Trial t : complete) {
            Double v = t.intermediate().get(step);
            if (v != null) at.add(v);
        }
        if (at.size() < minTrials) return false;
        double median = percentile(at, 50);
        if (Double.isNaN(median)) return false;
        return direction == Direction.MAXIMIZE ? best < median : best > median;
    }

    /** Linear-interpolation percentile ignoring NaN (numpy's nanpercentile). */
    static double percentile(List<Double> values, double q) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        double pos = q / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    @Override
    public String name() { return "median"; }

    @Override
    public String toString() { return "median(startup=" + startup + ", warmup=" + warmup + ", interval=" + interval + ")"; }

}
