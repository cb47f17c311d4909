package trainbook.magic.args;

import trainbook.engine.TrainSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static trainbook.magic.args.Magic.COMPARE;
import static trainbook.magic.args.Magic.DOCTOR;
import static trainbook.magic.args.Magic.INTERPRET;
import static trainbook.magic.args.Magic.LRFIND;
import static trainbook.magic.args.Magic.TRAIN;

/**
 * THE table of {@code key=value} arguments of {@code %train}, {@code %lrfind} and {@code %compare}: name, type,
 * default, valid values, example, help line, which magics accept it, and how its value is parsed into a
 * {@link MagicArgs}. Help texts, error messages and the parser all read this one table.
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
    private static final Pattern MLP = Pattern.compile("mlp\\(([^()]*)\\)");
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

    static {
        List<KeyDef> k = new ArrayList<>();
        // ---- model
        k.add(new KeyDef("model", "name|variable", "mlp", "linear, mlp, mlp(W,...), cnn, lenet, or a variable holding a DJL Block",
                "model=mlp(512,256)", "the network to train", TL, false, Keys::model));
        k.add(new KeyDef("act", "choice", "relu", String.join(", ", ACTS), "act=gelu",
                "hidden-layer activation of the built-in models", TL, false, (a, v) -> a.spec.act = choice("act", v, ACTS)));
        k.add(new KeyDef("dropout", "number", "0", "0 ≤ p < 1", "dropout=0.2", "dropout probability after each hidden layer",
                TL, false, (a, v) -> a.spec.dropout = number("dropout", v, 0, true, 1, false)));
        k.add(new KeyDef("norm", "choice", "none", String.join(", ", NORMS), "norm=batchnorm",
                "normalisation layer after each hidden layer", TL, false, (a, v) -> a.spec.norm = choice("norm", v, NORMS)));
        // ---- data
        k.add(new KeyDef("data", "name|variable", "fashion-mnist",
                "fashion-mnist, mnist, idx:DIR, csv:PATH, blobs, spirals, linear (synthetic sets take e.g. blobs(n=500,classes=4)),"
                        + " or a variable holding a DJL Dataset or Tablesaw Table",
                "data=fashion-mnist", "the training data", TL, false, Keys::data));
        k.add(new KeyDef("target", "column", "", "a column name of the csv file or Table", "target=species",
                "label column for data=csv:PATH or a Table variable", TL, false, (a, v) -> a.spec.target = v));
        k.add(new KeyDef("val", "split|name|variable", "split=0.1 (seeded, stratified, from the training data)",
                "split=F (0<F<1), none, test (the test split: selects on test data), a data name, or a variable"
                        + " holding a DJL Dataset or Tablesaw Table",
                "val=split=0.2", "validation data (data sets with a test split report test_* once, at the end)", T, false, Keys::val));
        k.add(new KeyDef("augment", "list", "", "comma list of flip, crop, noise, cutmix, mixup (or none); cutmix (images,"
                + " Beta(1,1)) and mixup (Beta(0.4,0.4)) also mix the labels: loss = λ·loss(y_a) + (1−λ)·loss(y_b), e.g. augment=flip,cutmix",
                "augment=flip,crop", "training-time augmentation", TL, true, Keys::augment));
        // ---- loop
        k.add(new KeyDef("epochs", "int", "5", "an integer 1.." + MAX_EPOCHS, "epochs=10", "number of passes over the training data",
                T, false, (a, v) -> a.spec.epochs = integer("epochs", v, 1, MAX_EPOCHS)));
        k.add(new KeyDef("batch", "int", "128", "an integer ≥ 1", "batch=64", "mini-batch size",
                TL, false, (a, v) -> a.spec.batch = integer("batch", v, 1)));
        k.add(new KeyDef("limit", "int|none", "none", "an integer ≥ 1 or none", "limit=50", "at most this many batches per epoch",
                T, false, (a, v) -> a.spec.limit = isOff(v) ? null : integer("limit", v, 1)));
        k.add(new KeyDef("max_time", "duration|none", "none", "seconds, or with suffix s, m, h (e.g. 90s, 5m), or none",
                "max_time=2m", "stop after this wall-clock time", T, false, (a, v) -> a.spec.maxTime = isOff(v) ? null : duration("max_time", v)));
        // ---- optimizer
        k.add(new KeyDef("opt", "choice", "adam", String.join(", ", OPTS), "opt=sgd", "optimizer",
                TL, false, (a, v) -> a.spec.opt = choice("opt", v, OPTS)));
        k.add(new KeyDef("lr", "number|lrfind", "1e-3", "a number > 0, or lrfind (the last %lrfind suggestion)", "lr=3e-4",
                "learning rate (peak LR when a schedule is used)", T, false, Keys::lr));
        k.add(new KeyDef("momentum", "number", "0.9 (momentum, nesterov), 0 (sgd, rmsprop)", "0 ≤ m < 1", "momentum=0.95",
                "momentum of sgd (torch's SGD(momentum=μ)), momentum, nesterov, rmsprop; rejected with adam, adamw, adagrad", TL, false, (a, v) -> a.spec.momentum = number("momentum", v, 0, true, 1, false)));
        k.add(new KeyDef("wd", "number", "0", "a number ≥ 0", "wd=1e-4", "weight decay",
                TL, false, (a, v) -> a.spec.wd = number("wd", v, 0, true, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("loss", "name|variable", "by task (ce for classes, mse for regression)",
                "ce, bce, mse, mae, huber, or a variable holding a DJL Loss", "loss=huber", "training loss", TL, false, Keys::loss));
        // ---- schedule
        k.add(new KeyDef("sched", "name|variable", "none", String.join(", ", SCHEDS)
                + ", or a variable holding a trainbook.engine.schedule.Schedule (e.g. sched=guide after"
                + " var guide = Schedules.lambdaEpoch(e -> e < 5 ? (e + 1) / 5.0 : 1.0))", "sched=cosine", "learning-rate schedule",
                T, false, Keys::sched));
        k.add(new KeyDef("step", "int", "⌈epochs/3⌉", "an integer ≥ 1 (epochs)", "step=2", "sched=step: epochs between decays",
                T, false, (a, v) -> a.spec.stepSize = integer("step", v, 1)));
        k.add(new KeyDef("gamma", "number", "0.1", "0 < g ≤ 1", "gamma=0.5", "sched=step|multistep|exp: LR multiplier per decay",
                T, false, (a, v) -> a.spec.gamma = number("gamma", v, 0, false, 1, true)));
        k.add(new KeyDef("milestones", "int list", "epochs/2,3·epochs/4", "increasing epochs, comma separated", "milestones=3,6",
                "sched=multistep: epochs at which the LR is multiplied by gamma", T, true, Keys::milestones));
        k.add(new KeyDef("final", "number", "lr/100", "a number ≥ 0", "final=1e-5", "sched=cosine|onecycle: final learning rate",
                T, false, (a, v) -> a.spec.finalLr = number("final", v, 0, true, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("warmup", "epochs|steps", "0", "epochs (a number ≥ 0, may be fractional) or steps with suffix s (500s)",
                "warmup=1", "linear or exponential LR warmup before the schedule", T, false, Keys::warmup));
        k.add(new KeyDef("cycle_momentum", "bool", "true", "true, false", "cycle_momentum=false",
                "sched=onecycle: cycle the momentum (SGD μ, Adam β1) 0.95 → 0.85 → 0.95 inversely to the LR, as torch's OneCycleLR",
                T, false, (a, v) -> a.spec.cycleMomentum = bool("cycle_momentum", v)));
        k.add(new KeyDef("warmup_mode", "choice", "linear", "linear, exp", "warmup_mode=exp", "shape of the warmup ramp",
                T, false, (a, v) -> a.spec.warmupMode = choice("warmup_mode", v, trainbook.engine.schedule.Schedules.WARMUP_MODES)));
        // ---- early stopping
        k.add(new KeyDef("patience", "int|off", "off", "an integer ≥ 1 or off", "patience=3",
                "early stopping: epochs without improvement of monitor before stopping", T, false,
                (a, v) -> a.spec.patience = isOff(v) ? null : integer("patience", v, 1)));
        k.add(new KeyDef("min_delta", "number", "0", "a number ≥ 0", "min_delta=1e-3", "smallest change of monitor that counts as improvement",
                T, false, (a, v) -> a.spec.minDelta = number("min_delta", v, 0, true, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("start_from_epoch", "int", "0", "an integer ≥ 0", "start_from_epoch=2",
                "early stopping ignores epochs up to this one", T, false, (a, v) -> a.spec.startFromEpoch = integer("start_from_epoch", v, 0)));
        k.add(new KeyDef("monitor", "choice", "val_loss", "val_loss, train_loss, train_acc, or val_ + a metric (val_acc, val_f1, val_rmse, ...)", "monitor=val_acc",
                "metric for early stopping, best epoch and %compare ranking", T, false, (a, v) -> a.spec.monitor = choice("monitor", v, MONITORS)));
        k.add(new KeyDef("metrics", "list", "acc (classification), mae,r2 (regression)",
                "comma list of " + String.join(", ", trainbook.engine.metrics.Metrics.CLASSIFICATION) + " (classification) or "
                        + String.join(", ", trainbook.engine.metrics.Metrics.REGRESSION) + " (regression)",
                "metrics=acc,f1", "metrics measured on the validation (and test) set each epoch", T, true, Keys::metrics));
        k.add(new KeyDef("restore_best", "bool", "true", "true, false", "restore_best=false",
                "keep the weights of the best epoch at the end", T, false, (a, v) -> a.spec.restoreBest = bool("restore_best", v)));
        // ---- gradients
        k.add(new KeyDef("clip", "number|off", "off", "a number > 0 or off", "clip=1.0", "clip the global gradient norm to this value",
                TL, false, (a, v) -> a.spec.clip = isOff(v) ? null : number("clip", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("clip_value", "number|off", "off", "a number > 0 or off", "clip_value=0.5", "clamp each gradient element to ±value",
                TL, false, (a, v) -> a.spec.clipValue = isOff(v) ? null : number("clip_value", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("grad_every", "int", "10", "an integer ≥ 0 (0 = never)", "grad_every=1", "measure gradient norms every N steps",
                T, false, (a, v) -> a.spec.gradEvery = integer("grad_every", v, 0)));
        // ---- misc
        k.add(new KeyDef("init", "run:NAME", "", "run:NAME of a saved run", "init=run:baseline", "warm start from a saved run's weights",
                T, false, Keys::init));
        // ---- transfer learning (engine/transfer)
        k.add(new KeyDef("classes", "int list", "all", "class indices and ranges, comma separated (relabelled 0..k-1 in that order)",
                "classes=0-4", "train on some classes of a classification data set (validation and test keep the same classes)",
                TL, true, Keys::classes));
        k.add(new KeyDef("train_size", "int|all", "all", "an integer ≥ 1 or all", "train_size=500",
                "keep a seeded, stratified sample of this many training samples (after the validation split, which keeps its size)",
                TL, false, (a, v) -> a.spec.trainSize = v.equalsIgnoreCase("all") ? null : integer("train_size", v, 1)));
        k.add(new KeyDef("head", "choice", "keep", "keep, new", "head=new",
                "with init=run:NAME: new = load the body, start the output layer afresh (sized for this run's classes)",
                T, false, (a, v) -> a.spec.head = choice("head", v, trainbook.engine.transfer.Transfer.HEADS)));
        k.add(new KeyDef("freeze", "choice", "none", "none, body", "freeze=body",
                "body = every layer but the output layer: frozen layers get no gradient and no update", T, false,
                (a, v) -> a.spec.freeze = choice("freeze", v, trainbook.engine.transfer.Transfer.FREEZES)));
        k.add(new KeyDef("body_lr", "number", "1", "a number > 0 (a multiplier of lr)", "body_lr=0.1",
                "the body learns at lr × body_lr, the output layer at lr (torch's parameter groups)", T, false,
                (a, v) -> a.spec.bodyLr = number("body_lr", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("seed", "int", "42", "an integer", "seed=7", "random seed (initialisation, shuffling, splits)",
                TL, false, (a, v) -> a.spec.seed = longValue("seed", v)));
        k.add(new KeyDef("device", "choice", "auto", "auto, cpu, gpu, gpu:N", "device=cpu", "where to train",
                TL, false, Keys::device));
        k.add(new KeyDef("threads", "int|default", "engine default", "an integer ≥ 1 or default", "threads=2", "intra-op threads",
                TL, false, (a, v) -> a.spec.threads = v.equals("default") ? null : integer("threads", v, 1)));
        k.add(new KeyDef("as", "identifier", "auto name", "a Java identifier", "as=baseline",
                "run name and the notebook variable the result is bound to (%compare sweeps: trial name prefix)", T, false, Keys::as));
        k.add(new KeyDef("runs", "directory", "./runs", "a directory path", "runs=/tmp/runs",
                "where runs are saved and looked up", EnumSet.of(TRAIN, COMPARE, DOCTOR, INTERPRET), false, (a, v) -> a.spec.runsDir = v));
        k.add(new KeyDef("live", "bool", "true", "true, false", "live=false", "live progress line and chart while running",
                TL, false, (a, v) -> a.spec.live = bool("live", v)));
        k.add(new KeyDef("dry", "bool", "false", "true, false", "dry=true",
                "show the resolved configuration and LR schedule preview without training", T, false, (a, v) -> a.spec.dry = bool("dry", v)));
        k.add(new KeyDef("format", "choice", "png", "png, svg", "format=svg", "chart image format",
                EnumSet.of(TRAIN, LRFIND, COMPARE, INTERPRET), false, (a, v) -> a.format = choice("format", v, List.of("png", "svg"))));
        k.add(new KeyDef("charts", "choice", "interactive", "interactive, static", "charts=static",
                "interactive: each chart also carries a Vega-Lite spec (tooltips, zoom) beside its image; static: image only"
                        + " (kernel-wide default: -Dtrainbook.charts or TRAINBOOK_CHARTS)",
                EnumSet.of(TRAIN, LRFIND, COMPARE, INTERPRET), false, (a, v) -> a.charts = choice("charts", v, List.of("interactive", "static"))));
        // ---- %lrfind
        k.add(new KeyDef("start", "number", "1e-7", "a number > 0", "start=1e-6", "first learning rate of the ramp",
                L, false, (a, v) -> a.lrfind.start = number("start", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("end", "number", "10", "a number > start", "end=1", "last learning rate of the ramp",
                L, false, (a, v) -> a.lrfind.end = number("end", v, 0, false, Double.POSITIVE_INFINITY, false)));
        k.add(new KeyDef("steps", "int", "100", "an integer 5.." + MAX_LRFIND_STEPS, "steps=200", "number of mini-batches in the ramp",
                L, false, (a, v) -> a.lrfind.steps = integer("steps", v, 5, MAX_LRFIND_STEPS)));
        k.add(new KeyDef("mode", "choice", "exp", "exp, linear", "mode=linear", "exp = geometric LR ramp, linear = straight",
                L, false, (a, v) -> a.lrfind.mode = choice("mode", v, List.of("exp", "linear"))));
        // ---- %compare
        k.add(new KeyDef("search", "choice", "grid", "grid, random, tpe", "search=tpe",
                "sweep: grid = every combination, random = trials samples, tpe = Bayesian search (TPE) learning from the trials so far",
                C, false, (a, v) -> a.search = choice("search", v, List.of("grid", "random", "tpe"))));
        k.add(new KeyDef("multivariate", "bool", "false", "true, false", "multivariate=true",
                "search=tpe: one joint Parzen estimator over all ranges (Optuna's multivariate TPE), which follows keys that"
                        + " interact, like lr and wd", C, false, (a, v) -> a.multivariate = bool("multivariate", v)));
        k.add(new KeyDef("trials", "int", "8 (random), 20 (tpe)", "an integer 1..1000", "trials=30",
                "sweep with search=random|tpe: number of trials (with study=: the total, trials done before included)",
                C, false, (a, v) -> a.trials = integer("trials", v, 1, 1000)));
        // ---- %compare studies (engine/sweep)
        k.add(new KeyDef("prune", "choice", "none", "none, median, asha", "prune=asha",
                "sweep: stop trials whose monitored metric lags (median = below the median of finished trials at that epoch;"
                        + " asha = successive halving, eta)", C, false,
                (a, v) -> a.prune = choice("prune", v, List.of("none", "median", "asha"))));
        k.add(new KeyDef("min_epochs", "int", "1 (median), auto (asha)", "an integer ≥ 1", "min_epochs=2",
                "prune=: epochs every trial runs before it can be pruned (asha: its first rung)", C, false,
                (a, v) -> a.minEpochs = integer("min_epochs", v, 1)));
        k.add(new KeyDef("eta", "int", "4", "an integer 2..100", "eta=3",
                "prune=asha: 1 in eta trials goes on at each rung; rungs at min_epochs·eta^k", C, false,
                (a, v) -> a.eta = integer("eta", v, 2, 100)));
        k.add(new KeyDef("study", "name", "", "letters, digits, '.', '_', '-'", "study=lr_search",
                "sweep: save the trials under RUNS/studies/NAME; the same %compare in a new kernel continues the study",
                C, false, Keys::study));
        // ---- %compare on Apache Spark (engine/spark)
        k.add(new KeyDef("backend", "choice", "local", "local, spark", "backend=spark",
                "sweep: where trials train; spark = one Spark task per trial (master=, parallel=; needs the --with-spark kernel)",
                C, false, (a, v) -> a.backend = choice("backend", v, List.of("local", "spark"))));
        k.add(new KeyDef("master", "url", "local[2]", "local[N], spark://HOST:PORT, or any master URL Spark accepts",
                "master=spark://10.0.0.5:7077", "backend=spark: the Spark master (local[N] = Spark inside this kernel, N task slots)",
                C, false, Keys::master));
        k.add(new KeyDef("parallel", "int", "2", "an integer 1..256", "parallel=4",
                "backend=spark: most trials in flight at once (a batch of this many is sampled together)",
                C, false, (a, v) -> a.parallel = integer("parallel", v, 1, 256)));
        k.add(new KeyDef("last", "int", "", "an integer ≥ 1", "last=3", "compare the N most recent saved runs",
                C, false, (a, v) -> a.last = integer("last", v, 1)));
        // ---- %interpret
        k.add(new KeyDef("top", "int", "9", "an integer 0.." + trainbook.engine.interpret.Interpreter.MAX_TOP, "top=16", "%interpret: how many highest-loss samples to show",
                EnumSet.of(INTERPRET), false, (a, v) -> a.top = integer("top", v, 0, trainbook.engine.interpret.Interpreter.MAX_TOP)));
        k.add(new KeyDef("split", "choice", "val", "val, test, train", "split=test", "%interpret: which split to evaluate",
                EnumSet.of(INTERPRET), false, (a, v) -> a.split = choice("split", v, trainbook.engine.interpret.Interpreter.SPLITS)));
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

    // ------------------------------------------------------------------ appliers with cross-value logic

    private static void master(MagicArgs a, String v) {
        if (v.isBlank() || !v.matches("(local(\\[[^\\]]*\\])?|[A-Za-z][A-Za-z0-9+.-]*://\\S+|yarn)")) {
            throw new ArgException(v, "bad value '" + v + "' for master: expected local[N], spark://HOST:PORT, yarn or"
                    + " k8s://https://HOST:PORT, e.g. master=spark://10.0.0.5:7077");
        }
        a.master = v;
    }

    private static void study(MagicArgs a, String v) {
        try {
            a.study = trainbook.engine.sweep.StudyStore.checkName(v);
        } catch (IllegalArgumentException e) {
            throw new ArgException(v, "study=" + v + ": a study name uses letters, digits, '.', '_' and '-'"
                    + " (starting with a letter or digit), e.g. study=lr_search");
        }
    }

    private static void model(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "linear", "mlp", "cnn", "lenet" -> { a.spec.model = lower; a.spec.modelObject = null; return; }
            default -> { }
        }
        Matcher m = MLP.matcher(lower);
        if (m.matches()) {
            String[] parts = m.group(1).split(",", -1);
            List<String> widths = new ArrayList<>();
            for (String p : parts) {
                String w = p.trim();
                int n;
                try { n = Integer.parseInt(w); } catch (NumberFormatException e) { n = -1; }
                if (n < 1) {
                    throw new ArgException(v, "bad hidden width '" + w + "' in model=" + v
                            + ": expected positive integers, e.g. model=mlp(512,256)");
                }
                widths.add(Integer.toString(n));
            }
            a.spec.model = "mlp(" + String.join(",", widths) + ")";
            return;
        }
        if (isIdentifier(v)) {
            a.spec.model = v;
            a.variable("model", v);
            return;
        }
        String base = lower.contains("(") ? lower.substring(0, lower.indexOf('(')) : lower;
        throw new ArgException(v, "unknown model '" + v + "'" + Suggest.didYouMean(base, trainbook.engine.model.Models.NAMES)
                + "; valid: " + String.join(", ", MODELS) + ", or a variable holding a DJL Block");
    }

    private static void data(MagicArgs a, String v) {
        a.spec.data = dataName("data", v, a);
        a.spec.dataObject = null;
    }

    private static String dataName(String key, String v, MagicArgs a) {
        String lower = v.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "fashion-mnist", "mnist", "blobs", "spirals", "linear" -> { return lower; }
            default -> { }
        }
        Matcher syn = SYNTHETIC.matcher(lower);
        if (syn.matches()) return synthetic(key, v, syn.group(1), syn.group(2));
        if (lower.startsWith("fashion-mnist:") || lower.startsWith("mnist:")) {
            int colon = v.indexOf(':');
            if (colon == v.length() - 1) {
                throw new ArgException(v, "missing directory in " + key + "=" + v + ": write e.g. " + key + "=" + lower + "/data/dir");
            }
            return lower.substring(0, colon + 1) + v.substring(colon + 1);
        }
        if (lower.startsWith("idx:") || lower.startsWith("csv:")) {
            if (v.length() <= 4) {
                throw new ArgException(v, "missing path in " + key + "=" + v + ": write e.g. " + key + "="
                        + (lower.startsWith("idx:") ? "idx:/data/mnist" : "csv:iris.csv"));
            }
            return lower.substring(0, 4) + v.substring(4);
        }
        if (isIdentifier(v)) {
            a.variable(key, v);
            return v;
        }
        throw new ArgException(v, "unknown " + key + " '" + v + "'" + Suggest.didYouMean(v, dataCandidates())
                + "; valid: " + String.join(", ", DATA) + (key.equals("val") ? ", split=F, none" : "")
                + ", or a variable holding a DJL Dataset or Tablesaw Table");
    }

    private static final Pattern SYNTHETIC = Pattern.compile("(blobs|spirals|linear)\\((.*)\\)");

    /** {@code blobs(n=500,classes=4)}: checks the argument names and values of a synthetic set. */
    private static String synthetic(String key, String v, String base, String inner) {
        List<String> allowed = switch (base) {
            case "blobs" -> List.of("n", "classes", "features");
            case "spirals" -> List.of("n", "classes");
            default -> List.of("n", "features", "noise");
        };
        List<String> parts = new ArrayList<>();
        if (!inner.isBlank()) {
            for (String part : inner.split(",", -1)) {
                String[] kv = part.split("=", 2);
                String name = kv[0].trim();
                if (kv.length != 2 || !allowed.contains(name)) {
                    throw new ArgException(v, "bad argument '" + part.trim() + "' in " + key + "=" + v + ": " + base
                            + " takes " + String.join(", ", allowed.stream().map(a -> a + "=N").toList())
                            + Suggest.didYouMean(name, allowed) + ", e.g. " + key + "=" + base + "(n=500)");
                }
                String val = kv[1].trim();
                if (name.equals("noise")) {
                    number(key, val, 0, true, Double.POSITIVE_INFINITY, false, "noise ≥ 0 in " + base + "(...), e.g. linear(noise=0.1)");
                } else {
                    integer(key, val, name.equals("classes") || name.equals("n") ? 2 : 1,
                            "an integer " + name + " ≥ " + (name.equals("features") ? 1 : 2) + " in " + base + "(...), e.g. " + base + "(n=500)");
                }
                parts.add(name + "=" + val);
            }
        }
        return base + "(" + String.join(",", parts) + ")";
    }

    /** Plain data names used for suggestions. */
    public static List<String> dataCandidates() {
        return List.of("fashion-mnist", "mnist", "blobs", "spirals", "linear", "idx:", "csv:");
    }

    private static void val(MagicArgs a, String v) {
        a.spec.valObject = null;
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) { a.spec.val = "none"; return; }
        // a keyword, not a notebook variable named test: the data set's own test split, chosen explicitly
        if (lower.equals("test")) { a.spec.val = "test"; return; }
        if (lower.startsWith("split=")) {
            double f = number("val", v.substring(6), 0, false, 1, false, "a fraction 0 < F < 1, e.g. val=split=0.2");
            a.spec.val = "split=" + TrainSpec.num(f);
            return;
        }
        if (lower.startsWith("split")) {
            throw new ArgException(v, "bad value '" + v + "' for val: write val=split=F with 0 < F < 1, e.g. val=split=0.2");
        }
        a.spec.val = dataName("val", v, a);
    }

    private static void metrics(MagicArgs a, String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.split(",", -1)) {
            String m = p.trim().toLowerCase(Locale.ROOT);
            if (!trainbook.engine.metrics.Metrics.ALL.contains(m)) {
                throw new ArgException(p, "unknown metric '" + p.trim() + "' in metrics=" + v
                        + Suggest.didYouMean(m, trainbook.engine.metrics.Metrics.ALL) + "; valid: "
                        + String.join(", ", trainbook.engine.metrics.Metrics.CLASSIFICATION) + " (classification), "
                        + String.join(", ", trainbook.engine.metrics.Metrics.REGRESSION) + " (regression)");
            }
            if (out.contains(m)) throw new ArgException(p, "metric '" + m + "' listed twice in metrics=" + v);
            out.add(m);
        }
        a.spec.metrics = out;
    }

    private static void sched(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        a.spec.scheduleObject = null;
        if (SCHEDS.contains(lower)) { a.spec.sched = lower; return; }
        if (isIdentifier(v)) {
            // not a schedule name: a notebook variable holding a Schedule (the binder checks it, and suggests)
            a.spec.sched = v;
            a.variable("sched", v);
            return;
        }
        throw new ArgException(v, "unknown sched '" + v + "'" + Suggest.didYouMean(lower, SCHEDS)
                + "; valid: " + String.join(", ", SCHEDS) + ", or a variable holding a trainbook.engine.schedule.Schedule");
    }

    private static void augment(MagicArgs a, String v) {
        a.spec.augment.clear();
        if (v.equalsIgnoreCase("none")) return;
        for (String p : v.split(",", -1)) {
            String s = p.trim().toLowerCase(Locale.ROOT);
            if (!AUGMENTS.contains(s)) {
                throw new ArgException(p, "unknown augment '" + p + "'" + Suggest.didYouMean(s, AUGMENTS)
                        + "; valid: comma list of " + String.join(", ", AUGMENTS) + " (or none)");
            }
            if (a.spec.augment.contains(s)) {
                throw new ArgException(p, "augment '" + s + "' listed twice in augment=" + v);
            }
            a.spec.augment.add(s);
        }
    }

    private static void lr(MagicArgs a, String v) {
        if (v.equalsIgnoreCase("lrfind")) {
            a.spec.lrFromFinder = true;
            return;
        }
        a.spec.lr = number("lr", v, 0, false, Double.POSITIVE_INFINITY, false,
                "a number > 0 like 3e-4, or lrfind (the last %lrfind suggestion)");
        a.spec.lrFromFinder = false;
    }

    private static void loss(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (LOSSES.contains(lower)) { a.spec.loss = lower; a.spec.lossObject = null; return; }
        if (isIdentifier(v)) {
            // not a loss name: a notebook variable holding a DJL Loss (the binder checks it exists, and suggests)
            a.spec.loss = v;
            a.variable("loss", v);
            return;
        }
        throw new ArgException(v, "unknown loss '" + v + "'" + Suggest.didYouMean(lower, LOSSES)
                + "; valid: " + String.join(", ", LOSSES) + ", or a variable holding a DJL Loss");
    }

    private static void milestones(MagicArgs a, String v) {
        a.spec.milestones.clear();
        int prev = 0;
        for (String p : v.split(",", -1)) {
            int e;
            try { e = Integer.parseInt(p.trim()); } catch (NumberFormatException ex) { e = -1; }
            if (e < 1) {
                throw new ArgException(p, "bad milestone '" + p + "' in milestones=" + v
                        + ": expected increasing epochs ≥ 1, e.g. milestones=3,6");
            }
            if (e <= prev) {
                throw new ArgException(p, "milestones must increase: '" + p + "' after " + prev + " in milestones=" + v);
            }
            a.spec.milestones.add(e);
            prev = e;
        }
    }

    private static void warmup(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.endsWith("s") && !lower.equals("s")) {
            a.spec.warmupSteps = integer("warmup", v.substring(0, v.length() - 1), 0,
                    "epochs (a number ≥ 0) or steps with suffix s, e.g. warmup=1 or warmup=500s");
            a.spec.warmupEpochs = 0;
        } else {
            a.spec.warmupEpochs = number("warmup", v, 0, true, Double.POSITIVE_INFINITY, false,
                    "epochs (a number ≥ 0) or steps with suffix s, e.g. warmup=1 or warmup=500s");
            a.spec.warmupSteps = 0;
        }
    }

    private static void init(MagicArgs a, String v) {
        if (!v.startsWith("run:") || v.length() == 4) {
            throw new ArgException(v, "bad value '" + v + "' for init: expected run:NAME of a saved run, e.g. init=run:baseline");
        }
        a.spec.init = v;
    }

    private static void classes(MagicArgs a, String v) {
        List<Integer> out = new ArrayList<>();
        for (String p : v.split(",", -1)) {
            String t = p.trim();
            Matcher m = CLASS_RANGE.matcher(t);
            if (!m.matches()) {
                throw new ArgException(p, "bad class '" + t + "' in classes=" + v
                        + ": expected class indices or ranges ≥ 0, e.g. classes=0-4 or classes=5,7,9");
            }
            int lo = Integer.parseInt(m.group(1));
            int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
            if (hi < lo) throw new ArgException(p, "bad range '" + t + "' in classes=" + v + ": write low-high, e.g. classes=5-9");
            for (int c = lo; c <= hi; c++) {
                if (out.contains(c)) throw new ArgException(p, "class " + c + " listed twice in classes=" + v);
                out.add(c);
            }
        }
        if (out.size() < 2) throw new ArgException(v, "classes=" + v + " keeps one class: a classifier needs at least two, e.g. classes=0-4");
        a.spec.classes = out;
    }

    private static final Pattern CLASS_RANGE = Pattern.compile("(\\d{1,6})(?:-(\\d{1,6}))?");

    private static void device(MagicArgs a, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("auto") || lower.equals("cpu") || lower.equals("gpu") || lower.matches("gpu:\\d+")) {
            a.spec.device = lower;
            return;
        }
        throw new ArgException(v, "unknown device '" + v + "'" + Suggest.didYouMean(lower, List.of("auto", "cpu", "gpu"))
                + "; valid: auto, cpu, gpu, gpu:N");
    }

    private static void as(MagicArgs a, String v) {
        if (!isIdentifier(v) || v.contains("$")) {
            throw new ArgException(v, "bad name '" + v + "' for as: it becomes a notebook variable, so use a Java identifier"
                    + " (letters, digits, _; not a keyword), e.g. as=baseline");
        }
        a.spec.name = v;
    }

    // ------------------------------------------------------------------ value parsers

    /** True for off / none. */
    static boolean isOff(String v) {
        return v.equalsIgnoreCase("off") || v.equalsIgnoreCase("none");
    }

    static String choice(String key, String v, List<String> valid) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (valid.contains(lower)) return lower;
        throw new ArgException(v, "unknown " + key + " '" + v + "'" + Suggest.didYouMean(lower, valid)
                + "; valid: " + String.join(", ", valid));
    }

    static boolean bool(String key, String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> { return true; }
            case "false", "no", "off", "0" -> { return false; }
            default -> throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected true or false, e.g. "
                    + Keys.get(key).example());
        }
    }

    static int integer(String key, String v, int min) {
        return integer(key, v, min, (min == 0 ? "an integer ≥ 0" : "an integer ≥ " + min) + ", e.g. " + Keys.get(key).example());
    }

    /** An integer in {@code min..max}. */
    static int integer(String key, String v, int min, int max) {
        int n = integer(key, v, min, "an integer " + min + ".." + max + ", e.g. " + Keys.get(key).example());
        if (n > max) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected an integer " + min + ".." + max
                    + ", e.g. " + Keys.get(key).example());
        }
        return n;
    }

    static int integer(String key, String v, int min, String expected) {
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        }
        if (n < min) throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        return n;
    }

    static long longValue(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected an integer, e.g. " + Keys.get(key).example());
        }
    }

    static double number(String key, String v, double lo, boolean loIncl, double hi, boolean hiIncl) {
        String range;
        if (hi == Double.POSITIVE_INFINITY) range = "a number " + (loIncl ? "≥ " : "> ") + TrainSpec.num(lo);
        else range = "a number " + TrainSpec.num(lo) + (loIncl ? " ≤ x " : " < x ") + (hiIncl ? "≤ " : "< ") + TrainSpec.num(hi);
        return number(key, v, lo, loIncl, hi, hiIncl, range + ", e.g. " + Keys.get(key).example());
    }

    static double number(String key, String v, double lo, boolean loIncl, double hi, boolean hiIncl, String expected) {
        double d;
        try {
            if (!v.trim().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) throw new NumberFormatException();
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        }
        boolean ok = (loIncl ? d >= lo : d > lo) && (hiIncl ? d <= hi : d < hi) && Double.isFinite(d);
        if (!ok) throw new ArgException(v, "bad value '" + v + "' for " + key + ": expected " + expected);
        return d;
    }

    static double duration(String key, String v) {
        String lower = v.toLowerCase(Locale.ROOT).trim();
        double mult = 1;
        String num = lower;
        if (lower.endsWith("h")) { mult = 3600; num = lower.substring(0, lower.length() - 1); }
        else if (lower.endsWith("m")) { mult = 60; num = lower.substring(0, lower.length() - 1); }
        else if (lower.endsWith("s")) { num = lower.substring(0, lower.length() - 1); }
        return mult * number(key, num, 0, false, Double.POSITIVE_INFINITY, false,
                "seconds > 0, or with suffix s, m, h (e.g. max_time=90s, max_time=5m), or none");
    }
}
