package trainbook.magic.args;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static trainbook.magic.args.KeyDef.key;
import static trainbook.magic.args.KeyValues.*;
import static trainbook.magic.args.Magic.COMPARE;
import static trainbook.magic.args.Magic.DOCTOR;
import static trainbook.magic.args.Magic.INTERPRET;
import static trainbook.magic.args.Magic.LRFIND;
import static trainbook.magic.args.Magic.TRAIN;

/**
 * THE table of {@code key=value} arguments of {@code %train}, {@code %lrfind} and {@code %compare}: name, type,
 * default, valid values, example, help line, which magics accept it, and how its value is parsed into a
 * {@link MagicArgs}. Help texts, error messages and the parser all read this one table. The values are read by
 * {@link KeyValues} (one number, choice, flag or duration) and, where one value sets several things or refers to
 * other keys, by {@link KeyAppliers}.
 */
public final class Keys {
    private Keys() {}

    /** Largest {@code epochs=}: the LR schedule is planned per step for the whole run, so it must stay finite. */
    public static final int MAX_EPOCHS = 100_000;
    /** Largest {@code %lrfind steps=}: the range test keeps one record per step. */
    public static final int MAX_LRFIND_STEPS = 100_000;

    /** Built-in model names ({@code mlp(W,...)} stands for hidden widths, e.g. {@code mlp(512,256)}). */
    public static final List<String> MODELS = List.of("linear", "mlp", "mlp(W,...)", "cnn", "lenet");
    /** Built-in data set names ({@code idx:DIR}, {@code csv:PATH} take a path). */
    public static final List<String> DATA = List.of("fashion-mnist", "mnist", "idx:DIR", "csv:PATH", "blobs", "spirals", "linear",
            "blobs(n=,classes=,features=)", "spirals(n=,classes=)", "linear(n=,features=,noise=)");
    /** Built-in loss names (the engine's). */
    public static final List<String> LOSSES = trainbook.engine.loss.Losses.VALID;
    /** Optimizers (the engine's). */
    public static final List<String> OPTS = trainbook.engine.optim.Optimizers.NAMES;
    /** Optimizers that use {@code momentum=} (the engine's {@link trainbook.engine.KeyScope} decides). */
    public static final List<String> MOMENTUM_OPTS = trainbook.engine.KeyScope.MOMENTUM_OPTS;
    /** LR schedules (the engine's). */
    public static final List<String> SCHEDS = trainbook.engine.schedule.Schedules.NAMES;
    /** Activations (the engine's). */
    public static final List<String> ACTS = trainbook.engine.model.Models.ACTIVATIONS;
    /** Normalisation layers (the engine's). */
    public static final List<String> NORMS = trainbook.engine.model.Models.NORMS;
    /** Augmentations (the engine's). */
    public static final List<String> AUGMENTS = trainbook.engine.data.Augment.VALID;
    /** Early-stopping monitors: losses, train_acc and every metric on the validation set (val_acc, val_f1, ...). */
    public static final List<String> MONITORS = trainbook.engine.metrics.Metrics.monitors();

    private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "var", "record", "yield");

    private static final Set<Magic> T = EnumSet.of(TRAIN, COMPARE);
    private static final Set<Magic> TL = EnumSet.of(TRAIN, LRFIND, COMPARE);
    private static final Set<Magic> L = EnumSet.of(LRFIND);
    private static final Set<Magic> C = EnumSet.of(COMPARE);

    /** Every key, in help order. */
    public static final List<KeyDef> ALL;
    private static final Map<String, KeyDef> BY_NAME = new LinkedHashMap<>();

    /*
     * One block on purpose (longer than a method should be): it is the table itself, one KeyDef per key in help
     * order, and a reader looks a key up here; the logic of a value lives in KeyValues and KeyAppliers.
     */
    static {
        List<KeyDef> k = new ArrayList<>();
        // ---- model
        k.add(key("model").type("name|variable").def("mlp")
                .valid("linear, mlp, mlp(W,...), cnn, lenet, or a variable holding a DJL Block")
                .example("model=mlp(512,256)").help("the network to train").magics(TL).apply(KeyAppliers::model));
        k.add(key("act").type("choice").def("relu").valid(String.join(", ", ACTS)).example("act=gelu")
                .help("hidden-layer activation of the built-in models").magics(TL)
                .apply((a, v) -> a.spec.act = choice("act", v, ACTS)));
        k.add(key("dropout").type("number").def("0").valid("0 ≤ p < 1").example("dropout=0.2")
                .help("dropout probability after each hidden layer").magics(TL)
                .apply((a, v) -> a.spec.dropout = number("dropout", v, 0, true, 1, false)));
        k.add(key("norm").type("choice").def("none").valid(String.join(", ", NORMS)).example("norm=batchnorm")
                .help("normalisation layer after each hidden layer").magics(TL)
                .apply((a, v) -> a.spec.norm = choice("norm", v, NORMS)));
        // ---- data
        k.add(key("data").type("name|variable").def("fashion-mnist")
                .valid("fashion-mnist, mnist, idx:DIR, csv:PATH, blobs, spirals, linear (synthetic sets take e.g. blobs(n=500,classes=4)),"
                        + " or a variable holding a DJL Dataset or Tablesaw Table").example("data=fashion-mnist")
                .help("the training data").magics(TL).apply(KeyAppliers::data));
        k.add(key("target").type("column").def("").valid("a column name of the csv file or Table")
                .example("target=species").help("label column for data=csv:PATH or a Table variable").magics(TL)
                .apply((a, v) -> a.spec.target = v));
        k.add(key("val").type("split|name|variable").def("split=0.1 (seeded, stratified, from the training data)")
                .valid("split=F (0<F<1), none, test (the test split: selects on test data), a data name, or a variable"
                        + " holding a DJL Dataset or Tablesaw Table").example("val=split=0.2")
                .help("validation data (data sets with a test split report test_* once, at the end)").magics(T)
                .apply(KeyAppliers::val));
        k.add(key("augment").type("list").def("")
                .valid("comma list of flip, crop, noise, cutmix, mixup (or none); cutmix (images,"
                + " Beta(1,1)) and mixup (Beta(0.4,0.4)) also mix the labels: loss = λ·loss(y_a) + (1−λ)·loss(y_b), e.g. augment=flip,cutmix")
                .example("augment=flip,crop").help("training-time augmentation").magics(TL).list()
                .apply(KeyAppliers::augment));
        // ---- loop
        k.add(key("epochs").type("int").def("5").valid("an integer 1.." + MAX_EPOCHS).example("epochs=10")
                .help("number of passes over the training data").magics(T)
                .apply((a, v) -> a.spec.epochs = integer("epochs", v, 1, MAX_EPOCHS)));
        k.add(key("batch").type("int").def("128").valid("an integer ≥ 1").example("batch=64").help("mini-batch size")
                .magics(TL).apply((a, v) -> a.spec.batch = integer("batch", v, 1)));
        k.add(key("limit").type("int|none").def("none").valid("an integer ≥ 1 or none").example("limit=50")
                .help("at most this many batches per epoch").magics(T)
                .apply((a, v) -> a.spec.limit = isOff(v) ? null : integer("limit", v, 1)));
        k.add(key("max_time").type("duration|none").def("none")
                .valid("seconds, or with suffix s, m, h (e.g. 90s, 5m), or none").example("max_time=2m")
                .help("stop after this wall-clock time").magics(T)
                .apply((a, v) -> a.spec.maxTime = isOff(v) ? null : duration("max_time", v)));
        // ---- optimizer
        k.add(key("opt").type("choice").def("adam").valid(String.join(", ", OPTS)).example("opt=sgd").help("optimizer")
                .magics(TL).apply((a, v) -> a.spec.opt = choice("opt", v, OPTS)));
        k.add(key("lr").type("number|lrfind").def("1e-3").valid("a number > 0, or lrfind (the last %lrfind suggestion)")
                .example("lr=3e-4").help("learning rate (peak LR when a schedule is used)").magics(T)
                .apply(KeyAppliers::lr));
        k.add(key("momentum").type("number").def("0.9 (momentum, nesterov), 0 (sgd, rmsprop)").valid("0 ≤ m < 1")
                .example("momentum=0.95")
                .help("momentum of sgd (torch's SGD(momentum=μ)), momentum, nesterov, rmsprop; rejected with adam, adamw, adagrad")
                .magics(TL).apply((a, v) -> a.spec.momentum = number("momentum", v, 0, true, 1, false)));
        k.add(key("wd").type("number").def("0").valid("a number ≥ 0").example("wd=1e-4").help("weight decay").magics(TL)
                .apply((a, v) -> a.spec.wd = number("wd", v, 0, true, Double.POSITIVE_INFINITY, false)));
        k.add(key("loss").type("name|variable").def("by task (ce for classes, mse for regression)")
                .valid("ce, bce, mse, mae, huber, or a variable holding a DJL Loss").example("loss=huber")
                .help("training loss").magics(TL).apply(KeyAppliers::loss));
        // ---- schedule
        k.add(key("sched").type("name|variable").def("none").valid(String.join(", ", SCHEDS)
                + ", or a variable holding a trainbook.engine.schedule.Schedule (e.g. sched=guide after"
                + " var guide = Schedules.lambdaEpoch(e -> e < 5 ? (e + 1) / 5.0 : 1.0))").example("sched=cosine")
                .help("learning-rate schedule").magics(T).apply(KeyAppliers::sched));
        k.add(key("step").type("int").def("⌈epochs/3⌉").valid("an integer ≥ 1 (epochs)").example("step=2")
                .help("sched=step: epochs between decays").magics(T)
                .apply((a, v) -> a.spec.stepSize = integer("step", v, 1)));
        k.add(key("gamma").type("number").def("0.1").valid("0 < g ≤ 1").example("gamma=0.5")
                .help("sched=step|multistep|exp: LR multiplier per decay").magics(T)
                .apply((a, v) -> a.spec.gamma = number("gamma", v, 0, false, 1, true)));
        k.add(key("milestones").type("int list").def("epochs/2,3·epochs/4").valid("increasing epochs, comma separated")
                .example("milestones=3,6").help("sched=multistep: epochs at which the LR is multiplied by gamma")
                .magics(T).list().apply(KeyAppliers::milestones));
        k.add(key("final").type("number").def("lr/100").valid("a number ≥ 0").example("final=1e-5")
                .help("sched=cosine|onecycle: final learning rate").magics(T)
                .apply((a, v) -> a.spec.finalLr = number("final", v, 0, true, Double.POSITIVE_INFINITY, false)));
        k.add(key("warmup").type("epochs|steps").def("0")
                .valid("epochs (a number ≥ 0, may be fractional) or steps with suffix s (500s)").example("warmup=1")
                .help("linear or exponential LR warmup before the schedule").magics(T).apply(KeyAppliers::warmup));
        k.add(key("cycle_momentum").type("bool").def("true").valid("true, false").example("cycle_momentum=false")
                .help("sched=onecycle: cycle the momentum (SGD μ, Adam β1) 0.95 → 0.85 → 0.95 inversely to the LR, as torch's OneCycleLR")
                .magics(T).apply((a, v) -> a.spec.cycleMomentum = bool("cycle_momentum", v)));
        k.add(key("warmup_mode").type("choice").def("linear").valid("linear, exp").example("warmup_mode=exp")
                .help("shape of the warmup ramp").magics(T)
                .apply((a, v) -> a.spec.warmupMode = choice("warmup_mode", v, trainbook.engine.schedule.Schedules.WARMUP_MODES)));
        // ---- early stopping
        k.add(key("patience").type("int|off").def("off").valid("an integer ≥ 1 or off").example("patience=3")
                .help("early stopping: epochs without improvement of monitor before stopping").magics(T)
                .apply((a, v) -> a.spec.patience = isOff(v) ? null : integer("patience", v, 1)));
        k.add(key("min_delta").type("number").def("0").valid("a number ≥ 0").example("min_delta=1e-3")
                .help("smallest change of monitor that counts as improvement").magics(T)
                .apply((a, v) -> a.spec.minDelta = number("min_delta", v, 0, true, Double.POSITIVE_INFINITY, false)));
        k.add(key("start_from_epoch").type("int").def("0").valid("an integer ≥ 0").example("start_from_epoch=2")
                .help("early stopping ignores epochs up to this one").magics(T)
                .apply((a, v) -> a.spec.startFromEpoch = integer("start_from_epoch", v, 0)));
        k.add(key("monitor").type("choice").def("val_loss")
                .valid("val_loss, train_loss, train_acc, or val_ + a metric (val_acc, val_f1, val_rmse, ...)")
                .example("monitor=val_acc").help("metric for early stopping, best epoch and %compare ranking").magics(T)
                .apply((a, v) -> a.spec.monitor = choice("monitor", v, MONITORS)));
        k.add(key("metrics").type("list").def("acc (classification), mae,r2 (regression)")
                .valid("comma list of " + String.join(", ", trainbook.engine.metrics.Metrics.CLASSIFICATION) + " (classification) or "
                        + String.join(", ", trainbook.engine.metrics.Metrics.REGRESSION) + " (regression)")
                .example("metrics=acc,f1").help("metrics measured on the validation (and test) set each epoch")
                .magics(T).list().apply(KeyAppliers::metrics));
        k.add(key("restore_best").type("bool").def("true").valid("true, false").example("restore_best=false")
                .help("keep the weights of the best epoch at the end").magics(T)
                .apply((a, v) -> a.spec.restoreBest = bool("restore_best", v)));
        // ---- gradients
        k.add(key("clip").type("number|off").def("off").valid("a number > 0 or off").example("clip=1.0")
                .help("clip the global gradient norm to this value").magics(TL)
                .apply((a, v) -> a.spec.clip = isOff(v) ? null : number("clip", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(key("clip_value").type("number|off").def("off").valid("a number > 0 or off").example("clip_value=0.5")
                .help("clamp each gradient element to ±value").magics(TL)
                .apply((a, v) -> a.spec.clipValue = isOff(v) ? null : number("clip_value", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(key("grad_every").type("int").def("10").valid("an integer ≥ 0 (0 = never)").example("grad_every=1")
                .help("measure gradient norms every N steps").magics(T)
                .apply((a, v) -> a.spec.gradEvery = integer("grad_every", v, 0)));
        // ---- misc
        k.add(key("init").type("run:NAME").def("").valid("run:NAME of a saved run").example("init=run:baseline")
                .help("warm start from a saved run's weights").magics(T).apply(KeyAppliers::init));
        // ---- transfer learning (engine/transfer)
        k.add(key("classes").type("int list").def("all")
                .valid("class indices and ranges, comma separated (relabelled 0..k-1 in that order)")
                .example("classes=0-4")
                .help("train on some classes of a classification data set (validation and test keep the same classes)")
                .magics(TL).list().apply(KeyAppliers::classes));
        k.add(key("train_size").type("int|all").def("all").valid("an integer ≥ 1 or all").example("train_size=500")
                .help("keep a seeded, stratified sample of this many training samples (after the validation split, which keeps its size)")
                .magics(TL)
                .apply((a, v) -> a.spec.trainSize = v.equalsIgnoreCase("all") ? null : integer("train_size", v, 1)));
        k.add(key("head").type("choice").def("keep").valid("keep, new").example("head=new")
                .help("with init=run:NAME: new = load the body, start the output layer afresh (sized for this run's classes)")
                .magics(T).apply((a, v) -> a.spec.head = choice("head", v, trainbook.engine.transfer.Transfer.HEADS)));
        k.add(key("freeze").type("choice").def("none").valid("none, body").example("freeze=body")
                .help("body = every layer but the output layer: frozen layers get no gradient and no update").magics(T)
                .apply((a, v) -> a.spec.freeze = choice("freeze", v, trainbook.engine.transfer.Transfer.FREEZES)));
        k.add(key("body_lr").type("number").def("1").valid("a number > 0 (a multiplier of lr)").example("body_lr=0.1")
                .help("the body learns at lr × body_lr, the output layer at lr (torch's parameter groups)").magics(T)
                .apply((a, v) -> a.spec.bodyLr = number("body_lr", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(key("seed").type("int").def("42").valid("an integer").example("seed=7")
                .help("random seed (initialisation, shuffling, splits)").magics(TL)
                .apply((a, v) -> a.spec.seed = longValue("seed", v)));
        k.add(key("device").type("choice").def("auto").valid("auto, cpu, gpu, gpu:N").example("device=cpu")
                .help("where to train").magics(TL).apply(KeyAppliers::device));
        k.add(key("threads").type("int|default").def("engine default").valid("an integer ≥ 1 or default")
                .example("threads=2").help("intra-op threads").magics(TL)
                .apply((a, v) -> a.spec.threads = v.equals("default") ? null : integer("threads", v, 1)));
        k.add(key("as").type("identifier").def("auto name").valid("a Java identifier").example("as=baseline")
                .help("run name and the notebook variable the result is bound to (%compare sweeps: trial name prefix)")
                .magics(T).apply(KeyAppliers::as));
        k.add(key("runs").type("directory").def("./runs").valid("a directory path").example("runs=/tmp/runs")
                .help("where runs are saved and looked up").magics(EnumSet.of(TRAIN, COMPARE, DOCTOR, INTERPRET))
                .apply((a, v) -> a.spec.runsDir = v));
        k.add(key("live").type("bool").def("true").valid("true, false").example("live=false")
                .help("live progress line and chart while running").magics(TL)
                .apply((a, v) -> a.spec.live = bool("live", v)));
        k.add(key("dry").type("bool").def("false").valid("true, false").example("dry=true")
                .help("show the resolved configuration and LR schedule preview without training").magics(T)
                .apply((a, v) -> a.spec.dry = bool("dry", v)));
        k.add(key("format").type("choice").def("png").valid("png, svg").example("format=svg").help("chart image format")
                .magics(EnumSet.of(TRAIN, LRFIND, COMPARE, INTERPRET))
                .apply((a, v) -> a.format = choice("format", v, List.of("png", "svg"))));
        k.add(key("charts").type("choice").def("interactive").valid("interactive, static").example("charts=static")
                .help("interactive: each chart also carries a Vega-Lite spec (tooltips, zoom) beside its image; static: image only"
                        + " (kernel-wide default: -Dtrainbook.charts or TRAINBOOK_CHARTS)")
                .magics(EnumSet.of(TRAIN, LRFIND, COMPARE, INTERPRET))
                .apply((a, v) -> a.charts = choice("charts", v, List.of("interactive", "static"))));
        // ---- %lrfind
        k.add(key("start").type("number").def("1e-7").valid("a number > 0").example("start=1e-6")
                .help("first learning rate of the ramp").magics(L)
                .apply((a, v) -> a.lrfind.start = number("start", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(key("end").type("number").def("10").valid("a number > start").example("end=1")
                .help("last learning rate of the ramp").magics(L)
                .apply((a, v) -> a.lrfind.end = number("end", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(key("steps").type("int").def("100").valid("an integer 5.." + MAX_LRFIND_STEPS).example("steps=200")
                .help("number of mini-batches in the ramp").magics(L)
                .apply((a, v) -> a.lrfind.steps = integer("steps", v, 5, MAX_LRFIND_STEPS)));
        k.add(key("mode").type("choice").def("exp").valid("exp, linear").example("mode=linear")
                .help("exp = geometric LR ramp, linear = straight").magics(L)
                .apply((a, v) -> a.lrfind.mode = choice("mode", v, List.of("exp", "linear"))));
        // ---- %compare
        k.add(key("search").type("choice").def("grid").valid("grid, random, tpe").example("search=tpe")
                .help("sweep: grid = every combination, random = trials samples, tpe = Bayesian search (TPE) learning from the trials so far")
                .magics(C).apply((a, v) -> a.search = choice("search", v, List.of("grid", "random", "tpe"))));
        k.add(key("multivariate").type("bool").def("false").valid("true, false").example("multivariate=true")
                .help("search=tpe: one joint Parzen estimator over all ranges (Optuna's multivariate TPE), which follows keys that"
                        + " interact, like lr and wd").magics(C)
                .apply((a, v) -> a.multivariate = bool("multivariate", v)));
        k.add(key("trials").type("int").def("8 (random), 20 (tpe)").valid("an integer 1..1000").example("trials=30")
                .help("sweep with search=random|tpe: number of trials (with study=: the total, trials done before included)")
                .magics(C).apply((a, v) -> a.trials = integer("trials", v, 1, 1000)));
        // ---- %compare studies (engine/sweep)
        k.add(key("prune").type("choice").def("none").valid("none, median, asha").example("prune=asha")
                .help("sweep: stop trials whose monitored metric lags (median = below the median of finished trials at that epoch;"
                        + " asha = successive halving, eta)").magics(C)
                .apply((a, v) -> a.prune = choice("prune", v, List.of("none", "median", "asha"))));
        k.add(key("min_epochs").type("int").def("1 (median), auto (asha)").valid("an integer ≥ 1")
                .example("min_epochs=2")
                .help("prune=: epochs every trial runs before it can be pruned (asha: its first rung)").magics(C)
                .apply((a, v) -> a.minEpochs = integer("min_epochs", v, 1)));
        k.add(key("eta").type("int").def("4").valid("an integer 2..100").example("eta=3")
                .help("prune=asha: 1 in eta trials goes on at each rung; rungs at min_epochs·eta^k").magics(C)
                .apply((a, v) -> a.eta = integer("eta", v, 2, 100)));
        k.add(key("study").type("name").def("").valid("letters, digits, '.', '_', '-'").example("study=lr_search")
                .help("sweep: save the trials under RUNS/studies/NAME; the same %compare in a new kernel continues the study")
                .magics(C).apply(KeyAppliers::study));
        // ---- %compare on Apache Spark (engine/spark)
        k.add(key("backend").type("choice").def("local").valid("local, spark").example("backend=spark")
                .help("sweep: where trials train; spark = one Spark task per trial (master=, parallel=; needs the --with-spark kernel)")
                .magics(C).apply((a, v) -> a.backend = choice("backend", v, List.of("local", "spark"))));
        k.add(key("master").type("url").def("local[2]")
                .valid("local[N], spark://HOST:PORT, or any master URL Spark accepts")
                .example("master=spark://10.0.0.5:7077")
                .help("backend=spark: the Spark master (local[N] = Spark inside this kernel, N task slots)").magics(C)
                .apply(KeyAppliers::master));
        k.add(key("parallel").type("int").def("2").valid("an integer 1..256").example("parallel=4")
                .help("backend=spark: most trials in flight at once (a freed slot at once gets a trial sampled from every finished one)")
                .magics(C).apply((a, v) -> a.parallel = integer("parallel", v, 1, 256)));
        k.add(key("keep_params").type("bool").def("false").valid("true, false").example("keep_params=true")
                .help("backend=spark: executors also send back each trial's trained parameters, saved as runs/NAME/params.bin"
                        + " (in-process trials always keep them)")
                .magics(C).apply((a, v) -> a.keepParams = bool("keep_params", v)));
        k.add(key("last").type("int").def("").valid("an integer ≥ 1").example("last=3")
                .help("compare the N most recent saved runs").magics(C).apply((a, v) -> a.last = integer("last", v, 1)));
        // ---- %interpret
        k.add(key("top").type("int").def("9").valid("an integer 0.." + trainbook.engine.interpret.Interpreter.MAX_TOP)
                .example("top=16").help("%interpret: how many highest-loss samples to show")
                .magics(EnumSet.of(INTERPRET))
                .apply((a, v) -> a.top = integer("top", v, 0, trainbook.engine.interpret.Interpreter.MAX_TOP)));
        k.add(key("split").type("choice").def("val").valid("val, test, train").example("split=test")
                .help("%interpret: which split to evaluate").magics(EnumSet.of(INTERPRET))
                .apply((a, v) -> a.split = choice("split", v, trainbook.engine.interpret.Interpreter.SPLITS)));
        ALL = Collections.unmodifiableList(k);
        for (KeyDef d : ALL) BY_NAME.put(d.name(), d);
    }

    /** The key definition, or null. */
    public static KeyDef get(String name) { return BY_NAME.get(name); }

    /** Every key name in table order. */
    public static List<String> names() { return new ArrayList<>(BY_NAME.keySet()); }

    /** The keys {@code magic} accepts, in table order. */
    public static List<KeyDef> of(Magic magic) {
        return ALL.stream().filter(d -> d.accepts(magic)).toList();
    }

    /** True when {@code s} is a Java identifier that can name a notebook variable. */
    public static boolean isIdentifier(String s) {
        return IDENT.matcher(s).matches() && !JAVA_KEYWORDS.contains(s);
    }

    /** Plain data names used for suggestions. */
    public static List<String> dataCandidates() {
        return List.of("fashion-mnist", "mnist", "blobs", "spirals", "linear", "idx:", "csv:");
    }
}
