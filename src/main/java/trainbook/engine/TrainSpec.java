package trainbook.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * The full description of a training run: what {@code %train key=value ...} parses into and what
 * {@code Trainbook.train(spec)} consumes. Every field has the default documented in the magics' syntax; a field
 * holding {@code null} means "not set: use the default that depends on other keys" (e.g. the loss by task).
 *
 * <p>String fields hold names the engine resolves ({@code model=mlp(256,128)}, {@code data=csv:iris.csv});
 * the {@code *Object} fields hold real objects handed in from a notebook (a DJL {@code Block}, a DJL
 * {@code Dataset}, a Tablesaw {@code Table}, a custom loss), which win over the names.
 *
 * <p>Mutable through its fluent setters ({@code spec.lr(1e-2).epochs(3)}), read through getters of the same names
 * ({@code spec.lr()}); the fields are private. {@link #copy()} before changing a spec that another run uses.
 */
public final class TrainSpec implements Cloneable {
    // model
    private String model = "mlp";
    private Object modelObject;
    private String act = "relu";
    private double dropout = 0;
    /** none | batchnorm | layernorm */
    private String norm = "none";
    // data
    private String data = "fashion-mnist";
    private Object dataObject;
    /** target column for csv / Table data */
    private String target;
    /**
     * null = default (a seeded, stratified split=0.1 of the training data for every data set); "split=F", "none",
     * "test" (the data set's test split: then validation selects on test data, and test_* is optimistic), a data name
     */
    private String val;
    private Object valObject;
    /** comma list: flip, crop, noise */
    private List<String> augment = new ArrayList<>();
    // loop
    private int epochs = 5;
    private int batch = 128;
    /** max batches per epoch, null = all */
    private Integer limit;
    /** wall-clock budget in seconds, null = none */
    private Double maxTime;
    // optimizer
    private String opt = "adam";
    private double lr = 1e-3;
    /** true when lr=lrfind: use the last range test's suggestion */
    private boolean lrFromFinder;
    /**
     * null = the optimizer's default (0.9 for momentum and nesterov, 0 for sgd and rmsprop, as torch.optim);
     * read the value a run uses with {@link KeyScope#momentum}
     */
    private Double momentum;
    private double wd = 0;
    // loss: ce | bce | mse | mae | huber, null = by task
    private String loss;
    private Object lossObject;
    // schedule
    /** none | step | multistep | exp | cosine | onecycle */
    private String sched = "none";
    /** step: epochs between decays */
    private Integer stepSize;
    private double gamma = 0.1;
    /** multistep: epochs at which the LR is multiplied by gamma */
    private List<Integer> milestones = new ArrayList<>();
    /** cosine/onecycle final LR; null = lr/100 */
    private Double finalLr;
    /** warmup length in epochs (may be fractional) */
    private double warmupEpochs;
    /** warmup length in steps (suffix s); wins over warmupEpochs when > 0 */
    private int warmupSteps;
    /** linear | exp */
    private String warmupMode = "linear";
    /** a custom {@code trainbook.engine.schedule.Schedule} handed in from a notebook; wins over {@code sched} */
    private Object scheduleObject;
    /** onecycle: cycle the momentum (SGD μ, Adam β1) 0.95 → 0.85 → 0.95 inversely to the LR, as torch does */
    private boolean cycleMomentum = true;
    // early stopping
    /** null = off */
    private Integer patience;
    private double minDelta = 0;
    /** val_loss | train_loss | train_acc | val_METRIC (val_acc, val_f1, val_rmse, ...) */
    private String monitor = "val_loss";
    /** evaluation metrics (trainbook.engine.metrics.Metrics names); empty = the task's defaults */
    private List<String> metrics = new ArrayList<>();
    private boolean restoreBest = true;
    /** early stopping ignores epochs up to and including this one (warm-up epochs) */
    private int startFromEpoch = 0;
    // gradients
    /** max global gradient norm, null = off */
    private Double clip;
    /** per-element clamp, null = off */
    private Double clipValue;
    /** measure gradient norms every N steps (0 = never) */
    private int gradEvery = 10;
    // misc
    /** run:NAME warm start */
    private String init;
    // transfer learning (trainbook.engine.transfer.Transfer)
    /** class subset of a classification data set, relabelled 0..k-1 in this order; empty = every class */
    private List<Integer> classes = new ArrayList<>();
    /** training samples kept after the validation split (seeded, stratified); null = all */
    private Integer trainSize;
    /** keep | new: with init=run:NAME, new = load the body and start the output layer afresh */
    private String head = "keep";
    /** none | body: body = every parameter but the output layer's */
    private String freeze = "none";
    /** multiplier of lr for the body's parameters; null = 1 (one LR for all) */
    private Double bodyLr;
    private long seed = 42;
    /** auto | cpu | gpu | gpu:N */
    private String device = "auto";
    /** null = engine default */
    private Integer threads;
    /** run name; null = generated */
    private String name;
    private boolean live = true;
    private boolean dry = false;
    /** where runs are saved; null = ./runs */
    private String runsDir;

    public TrainSpec copy() {
        try {
            TrainSpec c = (TrainSpec) super.clone();
            c.augment = new ArrayList<>(augment);
            c.milestones = new ArrayList<>(milestones);
            c.metrics = new ArrayList<>(metrics);
            c.classes = new ArrayList<>(classes);
            return c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Every key with its resolved value as the magics spell them, in a stable order; objects handed in from a
     * notebook appear as {@code <ClassName>}. This is what a run record stores and a hyperparameter table shows.
     */
    public LinkedHashMap<String, String> toMap() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        m.put("model", modelObject != null ? "<" + modelObject.getClass().getSimpleName() + ">" : model);
        m.put("act", act);
        m.put("dropout", num(dropout));
        m.put("norm", norm);
        m.put("data", dataObject != null ? "<" + dataObject.getClass().getSimpleName() + ">" : data);
        m.put("target", target == null ? "" : target);
        m.put("val", valObject != null ? "<" + valObject.getClass().getSimpleName() + ">" : val == null ? "default" : val);
        m.put("augment", String.join(",", augment));
        m.put("epochs", Integer.toString(epochs));
        m.put("batch", Integer.toString(batch));
        m.put("limit", limit == null ? "none" : limit.toString());
        m.put("max_time", maxTime == null ? "none" : num(maxTime));
        m.put("opt", opt);
        m.put("lr", num(lr));
        m.put("momentum", momentum == null ? "auto" : num(momentum));
        m.put("wd", num(wd));
        m.put("loss", lossObject != null ? "<custom>" : loss == null ? "auto" : loss);
        m.put("sched", scheduleObject instanceof trainbook.engine.schedule.Schedule cs ? "<custom: " + cs.describe() + ">" : sched);
        m.put("step", stepSize == null ? "" : stepSize.toString());
        m.put("gamma", num(gamma));
        m.put("milestones", milestones.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse(""));
        m.put("final", finalLr == null ? "auto" : num(finalLr));
        m.put("warmup", warmupSteps > 0 ? warmupSteps + "s" : num(warmupEpochs));
        m.put("warmup_mode", warmupMode);
        m.put("cycle_momentum", Boolean.toString(cycleMomentum));
        m.put("patience", patience == null ? "off" : patience.toString());
        m.put("min_delta", num(minDelta));
        m.put("monitor", monitor);
        m.put("metrics", metrics.isEmpty() ? "default" : String.join(",", metrics));
        m.put("restore_best", Boolean.toString(restoreBest));
        m.put("start_from_epoch", Integer.toString(startFromEpoch));
        m.put("clip", clip == null ? "off" : num(clip));
        m.put("clip_value", clipValue == null ? "off" : num(clipValue));
        m.put("grad_every", Integer.toString(gradEvery));
        m.put("init", init == null ? "" : init);
        m.put("classes", classes.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("all"));
        m.put("train_size", trainSize == null ? "all" : trainSize.toString());
        m.put("head", head);
        m.put("freeze", freeze);
        m.put("body_lr", bodyLr == null ? "1" : num(bodyLr));
        m.put("seed", Long.toString(seed));
        m.put("device", device);
        m.put("threads", threads == null ? "default" : threads.toString());
        return m;
    }

    /** Compact number formatting: 0.001 → 1e-3, 0.5 → 0.5, 5.0 → 5. */
    public static String num(double v) {
        if (Double.isNaN(v)) return "nan";
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-2 || a >= 1e6)) {
            // 1.00e-03 style → 1e-3
            String[] p = String.format(Locale.ROOT, "%.2e", v).split("e");
            String mant = p[0].replaceAll("0+$", "").replaceAll("\\.$", "");
            int exp = Integer.parseInt(p[1]);
            return mant + "e" + exp;
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    // fluent setters for the Java API
    public TrainSpec model(String v) { model = v; return this; }
    public TrainSpec model(Object block) { modelObject = block; return this; }
    public TrainSpec data(String v) { data = v; return this; }
    public TrainSpec data(Object dataset) { dataObject = dataset; return this; }
    public TrainSpec target(String v) { target = v; return this; }
    public TrainSpec val(String v) { val = v; return this; }
    public TrainSpec epochs(int v) { epochs = v; return this; }
    public TrainSpec batch(int v) { batch = v; return this; }
    public TrainSpec limit(Integer v) { limit = v; return this; }
    public TrainSpec opt(String v) { opt = v; return this; }
    public TrainSpec lr(double v) { lr = v; lrFromFinder = false; return this; }
    public TrainSpec momentum(double v) { momentum = v; return this; }
    /** null: the optimizer's default momentum */
    public TrainSpec momentum(Double v) { momentum = v; return this; }
    public TrainSpec wd(double v) { wd = v; return this; }
    public TrainSpec loss(String v) { loss = v; return this; }
    public TrainSpec sched(String v) { sched = v; return this; }
    public TrainSpec schedule(Object v) { scheduleObject = v; return this; }
    public TrainSpec cycleMomentum(boolean v) { cycleMomentum = v; return this; }
    public TrainSpec warmupEpochs(double v) { warmupEpochs = v; return this; }
    public TrainSpec warmupSteps(int v) { warmupSteps = v; return this; }
    public TrainSpec patience(Integer v) { patience = v; return this; }
    public TrainSpec monitor(String v) { monitor = v; return this; }
    /** Evaluation metrics, e.g. {@code metrics("acc", "f1")}; none = the task's defaults. */
    public TrainSpec metrics(String... v) { metrics = new ArrayList<>(List.of(v)); return this; }
    public TrainSpec clip(Double v) { clip = v; return this; }
    public TrainSpec seed(long v) { seed = v; return this; }
    public TrainSpec device(String v) { device = v; return this; }
    public TrainSpec name(String v) { name = v; return this; }
    public TrainSpec dropout(double v) { dropout = v; return this; }
    public TrainSpec init(String v) { init = v; return this; }
    /** Class subset, relabelled 0..k-1 in this order, e.g. {@code classes(5, 6, 7, 8, 9)}. */
    public TrainSpec classes(Integer... v) { classes = new ArrayList<>(List.of(v)); return this; }
    public TrainSpec trainSize(Integer v) { trainSize = v; return this; }
    public TrainSpec head(String v) { head = v; return this; }
    public TrainSpec freeze(String v) { freeze = v; return this; }
    public TrainSpec bodyLr(Double v) { bodyLr = v; return this; }

    // setters for the keys the fluent API above leaves out (the magics' key table sets them)
    public TrainSpec modelObject(Object v) { modelObject = v; return this; }
    public TrainSpec act(String v) { act = v; return this; }
    public TrainSpec norm(String v) { norm = v; return this; }
    public TrainSpec dataObject(Object v) { dataObject = v; return this; }
    public TrainSpec valObject(Object v) { valObject = v; return this; }
    public TrainSpec augment(List<String> v) { augment = v; return this; }
    public TrainSpec maxTime(Double v) { maxTime = v; return this; }
    public TrainSpec lrFromFinder(boolean v) { lrFromFinder = v; return this; }
    public TrainSpec lossObject(Object v) { lossObject = v; return this; }
    public TrainSpec stepSize(Integer v) { stepSize = v; return this; }
    public TrainSpec gamma(double v) { gamma = v; return this; }
    public TrainSpec milestones(List<Integer> v) { milestones = v; return this; }
    public TrainSpec finalLr(Double v) { finalLr = v; return this; }
    public TrainSpec warmupMode(String v) { warmupMode = v; return this; }
    public TrainSpec scheduleObject(Object v) { scheduleObject = v; return this; }
    public TrainSpec minDelta(double v) { minDelta = v; return this; }
    public TrainSpec restoreBest(boolean v) { restoreBest = v; return this; }
    public TrainSpec startFromEpoch(int v) { startFromEpoch = v; return this; }
    public TrainSpec clipValue(Double v) { clipValue = v; return this; }
    public TrainSpec gradEvery(int v) { gradEvery = v; return this; }
    public TrainSpec threads(Integer v) { threads = v; return this; }
    public TrainSpec live(boolean v) { live = v; return this; }
    public TrainSpec dry(boolean v) { dry = v; return this; }
    public TrainSpec runsDir(String v) { runsDir = v; return this; }
    public TrainSpec metrics(List<String> v) { metrics = new ArrayList<>(v); return this; }
    public TrainSpec classes(List<Integer> v) { classes = new ArrayList<>(v); return this; }

    // getters: the value of each key (lists are the spec's own: the key table fills them in place)
    public String model() { return model; }
    public Object modelObject() { return modelObject; }
    public String act() { return act; }
    public double dropout() { return dropout; }
    public String norm() { return norm; }
    public String data() { return data; }
    public Object dataObject() { return dataObject; }
    public String target() { return target; }
    public String val() { return val; }
    public Object valObject() { return valObject; }
    public List<String> augment() { return augment; }
    public int epochs() { return epochs; }
    public int batch() { return batch; }
    public Integer limit() { return limit; }
    public Double maxTime() { return maxTime; }
    public String opt() { return opt; }
    public double lr() { return lr; }
    public boolean lrFromFinder() { return lrFromFinder; }
    public Double momentum() { return momentum; }
    public double wd() { return wd; }
    public String loss() { return loss; }
    public Object lossObject() { return lossObject; }
    public String sched() { return sched; }
    public Integer stepSize() { return stepSize; }
    public double gamma() { return gamma; }
    public List<Integer> milestones() { return milestones; }
    public Double finalLr() { return finalLr; }
    public double warmupEpochs() { return warmupEpochs; }
    public int warmupSteps() { return warmupSteps; }
    public String warmupMode() { return warmupMode; }
    public Object scheduleObject() { return scheduleObject; }
    public boolean cycleMomentum() { return cycleMomentum; }
    public Integer patience() { return patience; }
    public double minDelta() { return minDelta; }
    public String monitor() { return monitor; }
    public List<String> metrics() { return metrics; }
    public boolean restoreBest() { return restoreBest; }
    public int startFromEpoch() { return startFromEpoch; }
    public Double clip() { return clip; }
    public Double clipValue() { return clipValue; }
    public int gradEvery() { return gradEvery; }
    public String init() { return init; }
    public List<Integer> classes() { return classes; }
    public Integer trainSize() { return trainSize; }
    public String head() { return head; }
    public String freeze() { return freeze; }
    public Double bodyLr() { return bodyLr; }
    public long seed() { return seed; }
    public String device() { return device; }
    public Integer threads() { return threads; }
    public String name() { return name; }
    public boolean live() { return live; }
    public boolean dry() { return dry; }
    public String runsDir() { return runsDir; }
}
