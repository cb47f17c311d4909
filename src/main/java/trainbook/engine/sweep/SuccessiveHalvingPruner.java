package trainbook.engine.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Asynchronous successive halving (ASHA), as Optuna 3.1's {@code SuccessiveHalvingPruner}: rung r sits at step
 * {@code minResource · eta^(minEarlyStoppingRate + r)}. A trial reaching a rung records its value there and goes on
 * only when that value is among the best 1/eta of the values recorded at that rung so far (its own included; while
 * fewer than eta trials have reached the rung, only the best one goes on). Nothing waits for other trials, so
 * trials are judged against whoever got there before them. {@code minResource = 0} means "auto": once a trial has
 * completed, max(its last step / 100, 1). Defaults: auto, eta 4, rate 0.
 */
public final class SuccessiveHalvingPruner implements Pruner {
    private final int minResourceGiven;
    private final int eta;
    private final int minEarlyStoppingRate;

    public SuccessiveHalvingPruner() { this(0, 4, 0); }

    /**
     * @param minResource steps before the first rung (0 = auto)
     * @param eta         reduction factor ≥ 2
     */
    public SuccessiveHalvingPruner(int minResource, int eta, int minEarlyStoppingRate) {
        if (minResource < 0) throw new IllegalArgumentException("min resource must be ≥ 1 (or 0 for auto), got " + minResource);
        if (eta < 2) throw new IllegalArgumentException("eta must be ≥ 2, got " + eta);
        if (minEarlyStoppingRate < 0) throw new IllegalArgumentException("min early-stopping rate must be ≥ 0, got " + minEarlyStoppingRate);
        this.minResourceGiven = minResource;
        this.eta = eta;
        this.minEarlyStoppingRate = minEarlyStoppingRate;
    }

    @Override
    public boolean prune(Trial trial, List<Trial> trials, Direction direction) {
        int step = trial.lastStep();
        if (step < 0) return false;
        double value = trial.intermediate().get(step);
        int rung = trial.rungs().isEmpty() ? 0 : trial.rungs().lastKey() + 1;
        while (true) {
            int minResource = minResourceGiven > 0 ? minResourceGiven : estimate(trials);
            if (minResource <= 0) return false;
            double promotionStep = minResource * Math.pow(eta, minEarlyStoppingRate + rung);
            if (step < promotionStep) return false;
            if (Double.isNaN(value)) return true;
            List<Double> competing = new ArrayList<>();
            for (Trial t : trials) {
                if (t == trial) continue;
                Double v = t.rungs().get(rung);
                if (v != null) competing.add(v);
            }
            competing.add(value);
            trial.rungs().put(rung, value);
            if (!promotable(value, competing, direction)) return true;
            rung++;
        }
    }

    private boolean promotable(double value, List<Double> competing, Direction direction) {
        int idx = competing.size() / eta - 1;
        if (idx == -1) idx = 0;
        Collections.sort(competing);
        return direction == Direction.MAXIMIZE ? value >= competing.get(competing.size() - 1 - idx) : value <= competing.get(idx);
    }

    private static int estimate(List<Trial> trials) {
        int last = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).mapToInt(Trial::lastStep).max().orElse(-1);
        return last < 0 ? 0 : Math.max(last / 100, 1);
    }

    @Override
    public String name() { return "asha"; }

    @Override
    public String toString() {
        return "asha(min_resource=" + (minResourceGiven == 0 ? "auto" : minResourceGiven) + ", eta=" + eta + ")";
    }
}
