package trainbook.magic.args;

import trainbook.engine.TrainSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed result of parsing one magic's {@code key=value} arguments (one trial of a sweep for
 * {@code %compare}): the {@link TrainSpec}, {@code %lrfind}'s ramp, output options, the keys given and the values
 * that name notebook variables (to be resolved through the kernel, see {@code trainbook.magic.VariableBinder}).
 */
public final class MagicArgs {
    /** which magic these arguments belong to */
    public final Magic magic;
    /** the training spec (for %lrfind: the model/data/optimizer keys) */
    public final TrainSpec spec;
    /** %lrfind's ramp; its {@code spec} is {@link #spec} */
    public final LrFindSpec lrfind;
    /** chart format: png | svg */
    public String format = "png";
    /** charts=: interactive | static, or null for the kernel-wide default */
    public String charts;
    /** key → raw value, for every key given, in order */
    public final LinkedHashMap<String, String> given = new LinkedHashMap<>();
    /** key (model, data, val, loss) → name of the notebook variable that holds the object */
    public final LinkedHashMap<String, String> variables = new LinkedHashMap<>();
    /** %compare: grid | random | tpe */
    public String search = "grid";
    /** %compare search=tpe: Optuna's multivariate TPE */
    public boolean multivariate;
    /** %compare search=random: number of trials, null = default */
    public Integer trials;
    /** %compare: the last N saved runs, null = not given */
    public Integer last;
    /** %compare sweeps: none | median | asha */
    public String prune = "none";
    /** %compare prune=: epochs before pruning (asha: first rung), null = default */
    public Integer minEpochs;
    /** %compare prune=asha: reduction factor, null = 4 */
    public Integer eta;
    /** %compare: the study name (saved and resumable), null = none */
    public String study;
    /** %compare: local | spark (where trials train) */
    public String backend = "local";
    /** %compare backend=spark: the Spark master URL, null = local[2] */
    public String master;
    /** %compare backend=spark: trials in flight, null = 2 */
    public Integer parallel;
    /** %compare backend=spark: executors send back each trial's parameters too */
    public boolean keepParams;

    /** %interpret: number of top losses, null = default */
    public Integer top;
    /** %interpret: val | test | train, null = val */
    public String split;

    /** Fresh arguments with every default. */
    public MagicArgs(Magic magic) {
        this(magic, new TrainSpec());
    }

    private MagicArgs(Magic magic, TrainSpec spec) {
        this.magic = magic;
        this.spec = spec;
        this.lrfind = new LrFindSpec();
        this.lrfind.spec = spec;
    }

    /** True when {@code key} was given explicitly. */
    public boolean has(String key) { return given.containsKey(key); }

    /** Records that a value names a notebook variable. */
    void variable(String key, String name) { variables.put(key, name); }

    /** A deep copy (spec copied, maps copied). */
    public MagicArgs copy() {
        MagicArgs c = new MagicArgs(magic, spec.copy());
        c.lrfind.start = lrfind.start;
        c.lrfind.end = lrfind.end;
        c.lrfind.steps = lrfind.steps;
        c.lrfind.mode = lrfind.mode;
        c.format = format;
        c.charts = charts;
        c.given.putAll(given);
        c.variables.putAll(variables);
        c.search = search;
        c.multivariate = multivariate;
        c.trials = trials;
        c.last = last;
        c.top = top;
        c.split = split;
        c.prune = prune;
        c.minEpochs = minEpochs;
        c.eta = eta;
        c.study = study;
        c.backend = backend;
        c.master = master;
        c.parallel = parallel;
        c.keepParams = keepParams;
        return c;
    }

    /** Keys given explicitly with their raw values. */
    public Map<String, String> given() { return given; }
}
