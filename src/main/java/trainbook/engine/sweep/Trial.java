package trainbook.engine.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trial of a {@link Study}: its number (from 1), the parameters sampled for it, its state,
 * the values it reported per step (epochs for training), its final value, and the run it trained (if any).
 * A plain data object saved as one JSON file per trial.
 */
public final class Trial {
    private int number;
    private LinkedHashMap<String, Object> params = new LinkedHashMap<>();
    private TrialState state = TrialState.RUNNING;
    private double value = Double.NaN;
    private TreeMap<Integer, Double> intermediate = new TreeMap<>();
    /** successive halving: rung → the value the trial had when it reached that rung */
    private TreeMap<Integer, Double> rungs = new TreeMap<>();
    private String run;
    private String error;
    private double seconds;

    Trial() {}

    public Trial(int number, Map<String, Object> params) {
        this.number = number;
        this.params = new LinkedHashMap<>(params);
    }

    public int number() { return number; }

    public Map<String, Object> params() { return params; }

    public TrialState state() { return state; }

    /** The final value (COMPLETE), NaN otherwise. */
    public double value() { return value; }

    /** step → reported value, in step order. */
    public TreeMap<Integer, Double> intermediate() { return intermediate; }

    TreeMap<Integer, Double> rungs() {
        if (rungs == null) rungs = new TreeMap<>();
        return rungs;
    }

    /** The last reported step, or -1. */
    public int lastStep() { return intermediate.isEmpty() ? -1 : intermediate.lastKey(); }

    /** The saved run this trial trained, or null. */
    public String run() { return run; }

    /** Why the trial failed, or null. */
    public String error() { return error; }

    public double seconds() { return seconds; }

    public Trial run(String name) { this.run = name; return this; }

    Trial state(TrialState s) { this.state = s; return this; }

    Trial value(double v) { this.value = v; return this; }

    Trial error(String e) { this.error = e; return this; }

    Trial seconds(double s) { this.seconds = s; return this; }

    /**
     * The value that ranks this trial: its final value when complete, its last reported value when pruned, NaN
     * otherwise.
     */
    public double score() {
        if (state == TrialState.COMPLETE) return value;
        if (state == TrialState.PRUNED && !intermediate.isEmpty()) return intermediate.lastEntry().getValue();
        return Double.NaN;
    }

    /** Makes the params and maps match the space after loading JSON (numbers come back as doubles). */
    void normalise(SearchSpace space) {
        if (intermediate == null) intermediate = new TreeMap<>();
        if (rungs == null) rungs = new TreeMap<>();
        if (params == null) params = new LinkedHashMap<>();
        for (var e : params.entrySet()) {
            Param p = space.get(e.getKey());
            if (p == null || e.getValue() == null) continue;
            if (p instanceof Param.IntRange) e.setValue(((Number) e.getValue()).longValue());
            else if (p instanceof Param.FloatRange) e.setValue(((Number) e.getValue()).doubleValue());
            else e.setValue(String.valueOf(e.getValue()));
        }
    }

    @Override
    public String toString() {
        return "Trial " + number + " " + state.label() + " " + params + (Double.isNaN(score()) ? "" : " → " + score());
    }
}
