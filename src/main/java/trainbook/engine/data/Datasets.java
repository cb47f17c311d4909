package trainbook.engine.data;

import trainbook.engine.probe.StartupTimes;
import ai.djl.training.dataset.Dataset;
import tech.tablesaw.api.Table;
import trainbook.engine.TrainSpec;
import trainbook.engine.Workspace;
import trainbook.engine.run.RunNote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves {@code data=} (and {@code val=}) into {@link DataSplits}:
 * <ul>
 *   <li>{@code fashion-mnist}, {@code mnist} — IDX files from {@value Idx#FASHION_MNIST_DIR} /
 *       {@value Idx#MNIST_DIR}; {@code fashion-mnist:DIR}, {@code mnist:DIR} or {@code idx:DIR} for another folder</li>
 *   <li>{@code csv:PATH} — a CSV file through Tablesaw, {@code target=} names the target column (default last)</li>
 *   <li>{@code blobs(n=1000,classes=3,features=2)}, {@code spirals(n=1000,classes=3)},
 *       {@code linear(n=1000,features=10,noise=0.1)} — synthetic sets, seeded by {@code seed=}</li>
 *   <li>a Tablesaw {@link Table} or a DJL {@link Dataset} in {@link TrainSpec#dataObject}, read by {@link NotebookData}</li>
 * </ul>
 * Validation: {@code val=} null/{@code default} → a seeded, stratified 10% split of the training data, for every
 * data set; {@code split=F}; {@code none}; {@code test} (the data set's own test split, an explicit choice: then
 * early stopping and the best epoch select on test data); or another data name; {@link TrainSpec#valObject} wins.
 * A data set's test split (IDX sets: the t10k files) is otherwise kept apart as {@link DataSplits#test()}, for one
 * evaluation at the end of a run. IDX and tabular inputs are standardised with training-set statistics.
 */
public final class Datasets {
    /** Valid data names, for error messages. */
    public static final String VALID = "fashion-mnist, mnist, idx:DIR, csv:PATH, blobs, spirals, linear"
            + " (or a Tablesaw Table / DJL Dataset object)";

    /** Fraction of the training data that becomes the validation set by default. */
    public static final double DEFAULT_SPLIT = 0.1;
    /**
     * The note of an explicit {@code val=test}; the doctor's {@code val-is-test} rule keys on the spec, this note
     * says the same in the run's notes.
     */
    public static final String VAL_IS_TEST_NOTE = "validation: the test split (val=test): early stopping, the best"
            + " epoch and restore-best select on the test data, so test_* is optimistic";

    private Datasets() {}

    /** Resolves the spec's data, validation set and test set. */
    public static DataSplits load(TrainSpec spec) {
        String taskHint = taskHint(spec.loss());
        List<RunNote> notes = new ArrayList<>();
        String name;
        HostData all;
        HostData test = null;
        Kind kind;
        if (spec.dataObject() != null) {
            name = "<" + spec.dataObject().getClass().getSimpleName() + ">";
            all = NotebookData.fromObject(spec.dataObject(), spec.target(), taskHint, name);
            kind = spec.dataObject() instanceof Table ? Kind.TABULAR : Kind.RAW;
        } else {
            String d = spec.data() == null ? "fashion-mnist" : spec.data().trim();
            name = d;
            Source src = resolve(d, spec.target(), taskHint, spec.seed());
            StartupTimes.mark("decode");
            all = src.train;
            test = src.test;
            kind = src.kind;
        }
        if (spec.classes() != null && !spec.classes().isEmpty()) {
            all = ClassSubset.select(all, spec.classes());
            test = ClassSubset.select(test, spec.classes());
            notes.add(RunNote.engine(ClassSubset.describe(spec.classes(), all)));
        }
        HostData[] trainVal = trainAndVal(spec, all, test, name, notes);
        HostData train = trainVal[0];
        HostData val = trainVal[1];
        if (spec.trainSize() != null) {
            train = ClassSubset.cap(train, spec.trainSize(), spec.seed());
            notes.add(RunNote.engine("train_size: a seeded" + (train.isClassification() ? ", stratified" : "") + " sample of "
                    + train.size() + " training samples (the validation set keeps its size)"));
        }
        if (val != null) checkCompatible(train, val, "validation");
        if (test != null) checkCompatible(train, test, "test");
        boolean normalized = false;
        if (kind == Kind.IMAGE || kind == Kind.TABULAR) {
            Normalizer nz = Normalizer.fit(train, kind == Kind.TABULAR);
            boolean valIsTest = val != null && val == test;
            train = nz.apply(train);
            test = nz.apply(test);
            val = valIsTest ? test : nz.apply(val); // val=test: one object, so the engine moves it to the device once
            normalized = true;
            notes.add(RunNote.engine(kind == Kind.IMAGE
                    ? "inputs standardised with the training set's pixel mean " + TrainSpec.num(nz.mean()[0])
                      + " and std " + TrainSpec.num(nz.std()[0])
                    : "numeric features standardised with training-set mean and std"));
        }
        StartupTimes.mark("split and standardisation fit");
        return new DataSplits(name, train, val, test, normalized, notes);
    }

    /**
     * The training set and the validation set {@code spec.val} asks for: an object handed in, a seeded split of
     * {@code all} (10% by default, stratified for classification), the test split, none, or another data set.
     */
    private static HostData[] trainAndVal(TrainSpec spec, HostData all, HostData test, String name, List<RunNote> notes) {
        HostData train = all;
        HostData val = null;
        String v = spec.val() == null ? "default" : spec.val().trim();
        if (spec.valObject() != null) {
            val = NotebookData.fromObject(spec.valObject(), spec.target(), all.task(), "<" + spec.valObject().getClass().getSimpleName() + ">");
            notes.add(RunNote.setting("validation: the object handed in as val"));
        } else if (v.equals("default") || v.isEmpty()) {
            HostData[] s = split(all, DEFAULT_SPLIT, spec.seed());
            train = s[0];
            val = s[1];
            notes.add(RunNote.setting("validation: a seeded" + (all.isClassification() ? ", stratified" : "") + " 10% split of the"
                    + " training data (" + val.size() + " samples)" + (test == null ? ""
                    : "; the " + test.size() + "-sample test split is evaluated once, at the end (test_*)")));
        } else if (v.equalsIgnoreCase("test")) {
            if (test == null) {
                throw new IllegalArgumentException("val 'test': data '" + name + "' has no test split; valid: split=F,"
                        + " none, or a data name (fashion-mnist, mnist and idx:DIR have a test split)");
            }
            val = test;
            notes.add(RunNote.setting(VAL_IS_TEST_NOTE));
        } else if (v.equals("none")) {
            notes.add(RunNote.setting("validation: none"));
        } else if (v.startsWith("split=") || v.matches("0?\\.\\d+")) {
            String f = v.startsWith("split=") ? v.substring(6) : v;
            double frac;
            try {
                frac = Double.parseDouble(f);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("val '" + v + "': expected split=F with F a fraction, e.g. split=0.1");
            }
            HostData[] s = split(all, frac, spec.seed());
            train = s[0];
            val = s[1];
            notes.add(RunNote.setting("validation: a seeded" + (all.isClassification() ? ", stratified" : "") + " "
                    + TrainSpec.num(frac * 100) + "% split of the training data (" + val.size() + " samples)"));
        } else {
            Source vs = resolve(v, spec.target(), all.task(), spec.seed() + 1);
            val = ClassSubset.select(vs.train, spec.classes());
            notes.add(RunNote.setting("validation: " + v));
        }
        return new HostData[]{train, val};
    }

    private static HostData[] split(HostData all, double fraction, long seed) {
        IdxCache cache = Workspace.current().idx();
        HostData[] kept = cache.split(all, fraction, seed);
        if (kept != null) return kept;
        HostData[] parts = all.split(fraction, seed);
        if (cache.holds(all)) cache.rememberSplit(all, fraction, seed, parts);
        return parts;
    }

    /** Task implied by a loss name, or null when it does not say. */
    public static String taskHint(String loss) {
        if (loss == null) return null;
        switch (loss.toLowerCase(Locale.ROOT)) {
            case "mse": case "mae": case "huber": case "l1": case "l2": return HostData.REGRESSION;
            case "ce": case "bce": case "crossentropy": return HostData.CLASSIFICATION;
            default: return null;
        }
    }

    private enum Kind { IMAGE, TABULAR, RAW }

    private record Source(HostData train, HostData test, Kind kind) {}

    private static Source resolve(String d, String target, String taskHint, long seed) {
        String lower = d.toLowerCase(Locale.ROOT);
        if (lower.equals("fashion-mnist") || lower.equals("fashion_mnist") || lower.equals("fashionmnist")
                || lower.startsWith("fashion-mnist:")) {
            String dir = lower.startsWith("fashion-mnist:") ? d.substring(14) : Idx.FASHION_MNIST_DIR;
            String hint = "install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)"
                    + " or pass data=idx:DIR";
            return idx(Path.of(dir), "fashion-mnist", hint);
        }
        if (lower.equals("mnist") || lower.startsWith("mnist:")) {
            String dir = lower.startsWith("mnist:") ? d.substring(6) : Idx.MNIST_DIR;
            return idx(Path.of(dir), "mnist", "put the four MNIST IDX files there or pass data=idx:DIR");
        }
        if (lower.startsWith("idx:")) {
            String dir = d.substring(4);
            String n = dir.toLowerCase(Locale.ROOT).contains("fashion") ? "fashion-mnist" : "idx";
            return idx(Path.of(dir), n, "data=idx:DIR needs train-/t10k- images/labels IDX files (gz or raw) in DIR");
        }
        if (lower.startsWith("csv:")) {
            Table t = Tabular.readCsv(d.substring(4));
            return new Source(Tabular.fromTable(t, target, taskHint, d), null, Kind.TABULAR);
        }
        String base = lower.contains("(") ? lower.substring(0, lower.indexOf('(')).trim() : lower;
        Map<String, String> args = args(d);
        switch (base) {
            case "blobs":
                check(args, d, "n", "classes", "features");
                return new Source(Synthetic.blobs(intArg(args, "n", 1000, d), intArg(args, "classes", 3, d),
                        intArg(args, "features", 2, d), seed), null, Kind.RAW);
            case "spirals":
                check(args, d, "n", "classes");
                return new Source(Synthetic.spirals(intArg(args, "n", 1000, d), intArg(args, "classes", 3, d), seed),
                        null, Kind.RAW);
            case "linear":
                check(args, d, "n", "features", "noise");
                return new Source(Synthetic.linear(intArg(args, "n", 1000, d), intArg(args, "features", 10, d),
                        doubleArg(args, "noise", 0.1, d), seed), null, Kind.RAW);
            default:
                throw new IllegalArgumentException("data '" + d + "': unknown data set; valid: " + VALID);
        }
    }

    private static Source idx(Path dir, String name, String hint) {
        HostData train = cachedIdx(dir, "train", name, hint);
        HostData test = cachedIdx(dir, "t10k", name, hint);
        return new Source(train, test, Kind.IMAGE);
    }

    /** A decoded IDX split, from this notebook's {@link IdxCache} when it decoded the same files before. */
    private static HostData cachedIdx(Path dir, String split, String name, String hint) {
        String key;
        try {
            Path f = dir.resolve(split + "-images-idx3-ubyte.gz");
            if (!java.nio.file.Files.isRegularFile(f)) f = dir.resolve(split + "-images-idx3-ubyte");
            Path l = dir.resolve(split + "-labels-idx1-ubyte.gz");
            if (!java.nio.file.Files.isRegularFile(l)) l = dir.resolve(split + "-labels-idx1-ubyte");
            key = dir.toAbsolutePath() + "|" + split + "|" + name + "|" + java.nio.file.Files.getLastModifiedTime(f)
                    + "|" + java.nio.file.Files.size(f) + "|" + java.nio.file.Files.getLastModifiedTime(l)
                    + "|" + java.nio.file.Files.size(l);
        } catch (java.io.IOException | RuntimeException e) {
            return Idx.load(dir, split, name, hint); // reports the missing or unreadable file
        }
        IdxCache cache = Workspace.current().idx();
        HostData h = cache.get(key);
        if (h != null) return h;
        h = Idx.load(dir, split, name, hint);
        cache.put(key, h);
        return h;
    }

    private static Map<String, String> args(String d) {
        Map<String, String> m = new LinkedHashMap<>();
        int open = d.indexOf('(');
        if (open < 0) return m;
        if (!d.endsWith(")")) throw new IllegalArgumentException("data '" + d + "': missing ')'");
        String inner = d.substring(open + 1, d.length() - 1).trim();
        if (inner.isEmpty()) return m;
        for (String part : inner.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("data '" + d + "': '" + part.trim() + "' should be key=value,"
                        + " e.g. blobs(n=500,classes=4)");
            }
            m.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim());
        }
        return m;
    }

    private static void check(Map<String, String> args, String d, String... valid) {
        List<String> ok = List.of(valid);
        for (String k : args.keySet()) {
            if (!ok.contains(k)) {
                throw new IllegalArgumentException("data '" + d + "': unknown parameter '" + k + "'; valid: "
                        + String.join(", ", valid));
            }
        }
    }

    private static int intArg(Map<String, String> a, String k, int def, String d) {
        String v = a.get(k);
        if (v == null) return def;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("data '" + d + "': " + k + "='" + v + "' should be a whole number");
        }
    }

    private static double doubleArg(Map<String, String> a, String k, double def, String d) {
        String v = a.get(k);
        if (v == null) return def;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("data '" + d + "': " + k + "='" + v + "' should be a number");
        }
    }

    private static void checkCompatible(HostData train, HostData other, String what) {
        if (train.sampleSize() != other.sampleSize()) {
            throw new IllegalArgumentException(what + " data has " + other.sampleSize() + " values per sample but the"
                    + " training data has " + train.sampleSize());
        }
        if (!train.task().equals(other.task())) {
            throw new IllegalArgumentException(what + " data is " + other.task() + " but the training data is "
                    + train.task());
        }
    }
}
