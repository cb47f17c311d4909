package trainbook.engine.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one training run: the resolved spec, the reproducibility stamp, the data profile,
 * per-step and per-epoch history, gradient samples, probes, the schedule that was planned, how it ended, and
 * the doctor's findings.
 *
 * <p>Plain data: the engine fills it while training (from the training thread only), the doctor reads it, the
 * renderer draws it, the run store saves it as JSON (+ CSV history). Lists are appended in step order. The
 * best parameters are not part of the record; the run store keeps them beside it.
 */
public final class RunRecord {
    private String name;
    /** key → resolved value, every key of the spec including defaults, in a stable order */
    private LinkedHashMap<String, String> spec = new LinkedHashMap<>();
    private Stamp stamp;
    private DataProfile data;
    private MemoryUse memory;
    private final List<StepRecord> steps = new ArrayList<>();
    private final List<EpochRecord> epochs = new ArrayList<>();
    private final List<GradSample> gradSamples = new ArrayList<>();
    /** layer name → fraction of ReLU units that were zero for every sample of a probe batch */
    private LinkedHashMap<String, Double> deadUnits = new LinkedHashMap<>();
    /** planned learning rate per step for the whole run (schedule preview), may be empty */
    private double[] schedule = new double[0];
    /** planned momentum (SGD μ or Adam β1) per step when the schedule cycles it (one-cycle), else empty */
    private double[] momentumSchedule = new double[0];
    private int stepsPerEpoch;
    private int warmupSteps;
    /** the last LR range test's suggestion when one ran before this run, else NaN */
    private double lrFinderSuggestion = Double.NaN;
    private RunStatus status = RunStatus.CREATED;
    private StopReason stopReason;
    /** 1-based epoch whose weights were kept (restore best), or the last epoch; 0 when none finished */
    private int bestEpoch;
    /** final metrics, e.g. train_loss, val_loss, val_acc, test_acc */
    private LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
    private double seconds;
    /** error message when the run failed */
    private String error;
    /** statements about the settings, engine capabilities or adjustments made, each with its kind */
    private final List<RunNote> notes = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    /** why the record could not be saved, or null; never stored (a stored record was saved) */
    private transient String saveError;

    public RunRecord() {}

    public RunRecord(String name) { this.name = name; }

    public String name() { return name; }
    public RunRecord name(String n) { this.name = n; return this; }
    public LinkedHashMap<String, String> spec() { return spec; }
    public RunRecord spec(Map<String, String> s) { this.spec = new LinkedHashMap<>(s); return this; }
    public Stamp stamp() { return stamp; }
    public RunRecord stamp(Stamp s) { this.stamp = s; return this; }
    public DataProfile data() { return data; }
    public RunRecord data(DataProfile d) { this.data = d; return this; }
    /** The kernel's memory during the run, or null (records from before it was measured). */
    public MemoryUse memory() { return memory; }
    public RunRecord memory(MemoryUse m) { this.memory = m; return this; }
    public List<StepRecord> steps() { return steps; }
    public List<EpochRecord> epochs() { return epochs; }
    public List<GradSample> gradSamples() { return gradSamples; }
    public LinkedHashMap<String, Double> deadUnits() { return deadUnits; }
    public double[] schedule() { return schedule; }
    public RunRecord schedule(double[] s) { this.schedule = s == null ? new double[0] : s; return this; }
    public double[] momentumSchedule() { return momentumSchedule == null ? new double[0] : momentumSchedule; }
    public RunRecord momentumSchedule(double[] m) { this.momentumSchedule = m == null ? new double[0] : m; return this; }
    public int stepsPerEpoch() { return stepsPerEpoch; }
    public RunRecord stepsPerEpoch(int n) { this.stepsPerEpoch = n; return this; }
    public int warmupSteps() { return warmupSteps; }
    public RunRecord warmupSteps(int n) { this.warmupSteps = n; return this; }
    public double lrFinderSuggestion() { return lrFinderSuggestion; }
    public RunRecord lrFinderSuggestion(double v) { this.lrFinderSuggestion = v; return this; }
    public RunStatus status() { return status; }
    public RunRecord status(RunStatus s) { this.status = s; return this; }
    public StopReason stopReason() { return stopReason; }
    public RunRecord stopReason(StopReason r) { this.stopReason = r; return this; }
    public int bestEpoch() { return bestEpoch; }
    public RunRecord bestEpoch(int e) { this.bestEpoch = e; return this; }
    public LinkedHashMap<String, Double> metrics() { return metrics; }
    public double seconds() { return seconds; }
    public RunRecord seconds(double s) { this.seconds = s; return this; }
    public String error() { return error; }
    public RunRecord error(String e) { this.error = e; return this; }
    public List<RunNote> notes() { return notes; }
    /** Adds a note of {@code kind}. */
    public RunRecord note(RunNote.Kind kind, String text) { notes.add(new RunNote(kind, text)); return this; }
    /** The notes' texts, in order (what a user reads). */
    public List<String> noteTexts() { return notes.stream().map(RunNote::text).toList(); }
    public List<Finding> findings() { return findings; }
    /** Why saving this record failed (e.g. a read-only runs directory), or null when it was saved or not tried. */
    public String saveError() { return saveError; }
    public RunRecord saveError(String why) { this.saveError = why; return this; }

    /** Spec value for a key, or {@code def} when absent. */
    public String spec(String key, String def) { return spec.getOrDefault(key, def); }

    /** Metric value, or NaN when absent. */
    public double metric(String key) { return metrics.getOrDefault(key, Double.NaN); }

    /** Total epochs planned (spec key {@code epochs}), or the number recorded when the spec lacks it. */
    public int plannedEpochs() {
        try { return Integer.parseInt(spec.getOrDefault("epochs", "")); }
        catch (NumberFormatException e) { return epochs.size(); }
    }

    @Override
    public String toString() {
        return "RunRecord[" + name + ", " + status + (stopReason == null ? "" : "/" + stopReason.label())
                + ", " + epochs.size() + " epochs, " + steps.size() + " steps]";
    }
}
