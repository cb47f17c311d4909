package trainbook.engine.interpret;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import tech.tablesaw.api.Table;
import trainbook.engine.Cancellation;
import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.data.DataSplits;
import trainbook.engine.data.Datasets;
import trainbook.engine.data.DeviceData;
import trainbook.engine.data.HostData;
import trainbook.engine.data.Tabular;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loss.Losses;
import trainbook.engine.model.Models;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.RunStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Computes an {@link Interpretation}: evaluates a trained model once, in inference mode and in batches, on one split
 * of its run's data (reloaded from the run's spec, so it is the same seeded split the run validated on), and turns
 * the outputs into a confusion matrix, per-class scores, confused pairs and top losses (or residuals).
 *
 * <p>A live {@link TrainedRun} gives its model and spec directly; a saved run is rebuilt from its record: the model from
 * the recorded {@code model/act/dropout/norm} keys, its kept parameters from the run store, the data from the
 * recorded data keys. Runs whose model, data or validation set were notebook objects cannot be rebuilt from the
 * record alone; they are interpreted through the live run.
 */
public final class Interpreter {
    /** Samples per forward pass: DJL keeps a pass's activations until its manager closes (see TrainingSession.EVAL_BATCH). */
    static final int BATCH = 128;
    /** Default number of top losses. */
    public static final int DEFAULT_TOP = 9;
    /** Most top losses kept (each carries its sample). */
    public static final int MAX_TOP = 100;
    /** Valid splits. */
    public static final List<String> SPLITS = List.of("val", "test", "train");

    private Interpreter() {}

    /** Interprets a live run on {@code split} with the {@code top} highest losses. */
    public static Interpretation of(TrainedRun run, String split, int top) {
        if (run == null) throw new IllegalArgumentException("run is null: train one with Trainbook.train(spec)");
        checkTop(top);
        String sp = checkSplit(split);
        RunRecord rec = run.record();
        if (run.isReleased()) {
            // a released run freed its model: the saved parameters are the same weights
            if (objects(rec.spec()) != null) {
                throw new IllegalArgumentException("run '" + rec.name() + "' was released (its model freed) and was"
                        + " trained on notebook objects, which its record cannot rebuild: train it again to interpret it");
            }
            return of(rec.name(), run.spec().runsDir(), sp, top);
        }
        return evaluate(rec.name(), run.block(), run.spec(), rec.spec().get("loss"), sp, top);
    }

    /** Interprets a run saved under {@code runsDir} (null = ./runs). */
    public static Interpretation of(String name, String runsDir, String split, int top) {
        checkTop(top);
        String sp = checkSplit(split);
        RunStore store = new RunStore(runsDir);
        RunRecord rec = store.load(name);
        String obj = objects(rec.spec());
        if (obj != null) {
            throw new IllegalArgumentException("run '" + name + "' was trained on a notebook object (" + obj
                    + "), which a saved record cannot rebuild: interpret the live run instead (%interpret VARIABLE,"
                    + " or Trainbook.interpret(run))");
        }
        TrainSpec spec = specOf(rec);
        spec.runsDir(runsDir);
        DataSplits splits = Datasets.load(spec);
        HostData tr = splits.train();
        boolean classification = tr.isClassification();
        String loss = rec.spec().get("loss");
        int outputs = "<custom>".equals(loss) || loss == null
                ? (classification ? tr.numClasses() : 1)
                : Losses.outputs(Losses.resolveName(loss, classification), classification, tr.numClasses());
        long[] sample = tr.sampleShape();
        long[] in = new long[sample.length + 1];
        in[0] = 1;
        System.arraycopy(sample, 0, in, 1, sample.length);
        Device device = Devices.resolve(spec.device());
        try (NDManager m = NDManager.newBaseManager(device)) {
            Block block = Models.build(spec.model(), spec.act(), spec.dropout(), spec.norm(), sample, outputs);
            block.initialize(m, DataType.FLOAT32, new Shape(in));
            store.loadParameters(name, block, m);
            return evaluate(rec.name(), block, spec, splits, loss, sp, top);
        }
    }

    /** The spec keys that name notebook objects (e.g. {@code data=<Table>}), or null when none does. */
    static String objects(Map<String, String> spec) {
        List<String> out = new ArrayList<>();
        for (String k : List.of("model", "data", "val")) {
            String v = spec.get(k);
            if (v != null && v.startsWith("<")) out.add(k + "=" + v);
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }

    /** The keys that decide a run's model and data, read back from its record. */
    static TrainSpec specOf(RunRecord rec) {
        Map<String, String> m = rec.spec();
        TrainSpec s = new TrainSpec();
        s.model(m.getOrDefault("model", s.model()));
        s.act(m.getOrDefault("act", s.act()));
        s.dropout(parse(m, "dropout", s.dropout()));
        s.norm(m.getOrDefault("norm", s.norm()));
        s.data(m.getOrDefault("data", s.data()));
        String target = m.get("target");
        s.target(target == null || target.isEmpty() ? null : target);
        String val = m.get("val");
        s.val(val == null || val.equals("default") ? null : val);
        String loss = m.get("loss");
        s.loss(loss == null || loss.equals("auto") || loss.startsWith("<") ? null : loss);
        s.seed((long) parse(m, "seed", s.seed()));
        // a class subset changes the labels and the output count, a training-size cap the training part
        String classes = m.get("classes");
        if (classes != null && !classes.isEmpty() && !classes.equals("all")) {
            for (String c : classes.split(",")) s.classes().add(Integer.parseInt(c.trim()));
        }
        String trainSize = m.get("train_size");
        if (trainSize != null && !trainSize.isEmpty() && !trainSize.equals("all")) s.trainSize(Integer.parseInt(trainSize.trim()));
        String device = m.get("device");
        if (device != null) s.device(device);
        return s;
    }

    private static double parse(Map<String, String> m, String key, double def) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) return def;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("run record has " + key + "='" + v + "', not a number");
        }
    }

    static String checkSplit(String split) {
        String s = split == null || split.isBlank() ? "val" : split.trim().toLowerCase(Locale.ROOT);
        if (!SPLITS.contains(s)) {
            throw new IllegalArgumentException("split '" + split + "': valid: " + String.join(", ", SPLITS));
        }
        return s;
    }

    static void checkTop(int top) {
        if (top < 0 || top > MAX_TOP) {
            throw new IllegalArgumentException("top '" + top + "': expected a whole number 0.." + MAX_TOP);
        }
    }

    private static Interpretation evaluate(String name, Block block, TrainSpec spec, String loss, String split, int top) {
        return evaluate(name, block, spec, Datasets.load(spec), loss, split, top);
    }

    private static Interpretation evaluate(String name, Block block, TrainSpec spec, DataSplits splits, String loss,
                                           String split, int top) {
        HostData d = switch (split) {
            case "train" -> splits.train();
            case "test" -> splits.test();
            default -> splits.val();
        };
        if (d == null) {
            throw new IllegalArgumentException("run '" + name + "' has no " + (split.equals("test")
                    ? "test split (data=" + splits.name() + " comes without one)"
                    : "validation set (val=none)") + "; valid here: " + available(splits));
        }
        if (d.size() == 0) throw new IllegalArgumentException("the " + split + " split of run '" + name + "' is empty");
        List<String> notes = new ArrayList<>();
        notes.add("evaluated the " + split + " split of " + splits.name() + " once, in inference mode");
        if (split.equals("test")) notes.add("the test split is for the final report: do not choose models on what it shows");
        float[] out = outputs(block, d);
        int width = out.length / d.size();
        String lossName = loss == null || loss.equals("auto") || loss.startsWith("<") ? null : loss;
        return fromOutputs(name, split, d, out, width, top, lossName, featureNames(spec, d), notes);
    }

    private static String available(DataSplits s) {
        List<String> a = new ArrayList<>();
        if (s.val() != null) a.add("split=val");
        if (s.test() != null) a.add("split=test");
        a.add("split=train");
        return String.join(", ", a);
    }

    /**
     * Model outputs for every sample of {@code d}, row-major {@code [N, width]}, computed in inference mode. The
     * samples are rows of the data set's shared device copy (the one the run trained on, while the data cache keeps
     * it); each batch's inputs and activations live in a sub-manager closed with the batch. Polls the stop request
     * between batches.
     */
    static float[] outputs(Block block, HostData d) {
        Cancellation.current().beginWork();
        Device device = device(block);
        int n = d.size();
        float[] all = null;
        int width = -1;
        try (NDManager m = NDManager.newBaseManager(device); DeviceData dd = new DeviceData(d, device, m)) {
            ParameterStore ps = new ParameterStore(m, false);
            for (int from = 0; from < n; from += BATCH) {
                if (Cancellation.current().stopRequested()) {
                    throw new CancellationException("stopped by an interrupt after " + from + " of " + n + " samples");
                }
                int to = Math.min(n, from + BATCH);
                try (NDManager sm = m.newSubManager()) {
                    NDArray xb = dd.xRange(sm, from, to);
                    NDArray pred = block.forward(ps, new NDList(xb), false).singletonOrThrow();
                    if (pred.getShape().dimension() > 2 || pred.getShape().get(0) != to - from) {
                        throw new IllegalArgumentException("the model's output has shape " + pred.getShape() + " for a"
                                + " batch of " + (to - from) + "; expected [batch, outputs]");
                    }
                    float[] f = pred.toType(DataType.FLOAT32, false).toFloatArray();
                    int w = f.length / (to - from);
                    if (width < 0) {
                        width = w;
                        if ((long) n * w > Integer.MAX_VALUE) {
                            throw new IllegalArgumentException(n + " samples × " + w + " outputs are too many to keep");
                        }
                        all = new float[n * w];
                    } else if (w != width) {
                        throw new IllegalArgumentException("the model gave " + w + " outputs per sample, earlier " + width);
                    }
                    System.arraycopy(f, 0, all, from * width, f.length);
                }
            }
        }
        return all;
    }

    private static Device device(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) return p.getValue().getArray().getDevice();
        }
        return Device.cpu();
    }

    /** Feature column names for tabular data (a CSV file or a Tablesaw table), else an empty list. */
    static List<String> featureNames(TrainSpec spec, HostData d) {
        if (d.isImage()) return List.of();
        Table t = null;
        try {
            if (spec.dataObject() instanceof Table tt) t = tt;
            else if (spec.dataObject() == null && spec.data() != null && spec.data().trim().toLowerCase(Locale.ROOT).startsWith("csv:")) {
                t = Tabular.readCsv(spec.data().trim().substring(4));
            }
            if (t == null) return List.of();
            List<String> names = Tabular.featureNames(t, spec.target());
            return names.size() == d.sampleSize() ? names : List.of();
        } catch (RuntimeException e) {
            return List.of(); // names are a nicety: the values still show under f0, f1, ...
        }
    }

    /**
     * The interpretation of given model outputs: pure arithmetic, no model needed ({@link OutputScoring}).
     *
     * @param data    the evaluated samples (targets, class names, raw features)
     * @param outputs model outputs, row-major {@code [N, width]}: logits for classification (one logit with two
     *                classes means a sigmoid), predictions for regression
     * @param loss    the run's loss name for regression residual losses ({@code mse} when null)
     */
    public static Interpretation fromOutputs(String run, String split, HostData data, float[] outputs, int width,
                                             int top, String loss, List<String> featureNames, List<String> notes) {
        return OutputScoring.score(run, split, data, outputs, width, top, loss, featureNames, notes);
    }
}
