package trainbook.engine.loop;

import trainbook.engine.probe.StartupTimes;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.data.Augment;
import trainbook.engine.data.DataSplits;
import trainbook.engine.data.Datasets;
import trainbook.engine.data.DeviceData;
import trainbook.engine.data.HostData;
import trainbook.engine.data.Mix;
import trainbook.engine.grad.Gradients;
import trainbook.engine.loss.Losses;
import trainbook.engine.loss.TrainLoss;
import trainbook.engine.metrics.MetricAccumulator;
import trainbook.engine.model.Models;
import trainbook.engine.optim.UpdateRule;
import trainbook.engine.probe.DataProfiler;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.GradSample;
import trainbook.engine.store.RunStore;
import trainbook.engine.transfer.Transfer;

import java.lang.ref.Cleaner;
import java.lang.ref.Cleaner.Cleanable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs on the device, set up from a spec: the data (as device tensors), the model (built and
 * initialised, or handed in; warm-started from a saved run when {@code init=run:NAME}), the loss, and one
 * training step ({@link #trainStep}) and evaluation ({@link #evaluate}) shared by the training loop and the LR
 * range test. Closing it frees the device data; the model's parameters stay alive until {@link #closeModel()}.
 */
public final class TrainingSession implements AutoCloseable {
    /**
     * Evaluation batch size. DJL keeps every intermediate array of a forward pass until its manager closes, so an
     * evaluation batch holds all its activations at once: 1000 CNN samples held about 350 MB. 128 (the usual
     * training batch) keeps evaluation below the training step's own peak, at the same speed.
     */
    static final int EVAL_BATCH = 128;

    final TrainSpec spec;
    final Device device;
    final NDManager manager;
    final NDManager dataManager;
    // released on close(): a finished run keeps only its model, not the data
    DataSplits splits;
    DeviceData train;
    DeviceData val;
    DeviceData test;
    final Block block;
    final NDManager blockManager;
    final boolean ownsBlock;
    final TrainLoss loss;
    final String lossName;
    final boolean classification;
    final int numClasses;
    final boolean binary;
    final ParameterStore ps;
    final Augment augment;
    final DataProfile profile;
    final List<RunNote> notes = new ArrayList<>();
    /** Built-in softmax cross-entropy: computed from [B, 1] label rows with fewer native calls. */
    final boolean fastCe;
    private int[] permHost;
    private NDArray permDevice;
    /**
     * Frees the model's native memory once: at {@link #closeModel()}, or when nothing refers to the model any more
     * (a notebook variable rebound by {@code as=}, a run nobody kept). A Cleaner rather than closing on rebinding,
     * because the user may still hold the run or its block in another variable; registered on the block (not the
     * TrainedRun), since {@code run.block()} alone must keep the weights alive.
     */
    private Cleanable freeModel;
    private static final Cleaner CLEANER = Cleaner.create();

    /** The cleaning action: must not refer to the block or the session, or they would never become unreachable. */
    private record FreeModel(NDManager manager) implements Runnable {
        @Override
        public void run() {
            manager.close();
        }
    }
    /** forward batches over {@link #test}: the split-semantics test counts them */
    long testBatches;

    /** Longest wait for a working preload before a run goes ahead on its own. */
    static final long PRELOAD_WAIT_MILLIS = 20_000;

    private TrainingSession(TrainSpec spec) {
        this.spec = spec;
        SpecChecks.validate(spec);
        // a run that starts while the kernel's preload loads the engine or warms the first run waits for it rather
        // than doing the same work beside it on a 2-core machine (bounded: a stuck preload delays, never blocks)
        Devices.awaitPreload(PRELOAD_WAIT_MILLIS);
        StartupTimes.mark("preload wait");
        this.device = Devices.resolve(spec.device());
        Devices.setThreads(spec.threads());
        Engine.getInstance().setRandomSeed((int) spec.seed());
        StartupTimes.mark("engine");
        DataSplits splits = Datasets.load(spec);
        this.splits = splits;
        notes.addAll(splits.notes());
        HostData tr = splits.train();
        this.classification = tr.isClassification();
        this.numClasses = tr.numClasses();
        if (spec.lossObject() != null) {
            this.loss = Losses.custom(spec.lossObject());
            this.lossName = loss.name();
        } else {
            this.lossName = Losses.resolveName(spec.loss(), classification);
            this.loss = Losses.of(lossName);
        }
        this.binary = "bce".equals(lossName);
        this.fastCe = spec.lossObject() == null && "ce".equals(lossName);
        int outputs = spec.lossObject() != null ? (classification ? tr.numClasses() : 1)
                : Losses.outputs(lossName, classification, tr.numClasses());
        this.profile = DataProfiler.profile(splits.name(), tr, splits.val() == null ? 0 : splits.val().size(),
                splits.normalized());
        StartupTimes.mark("profile");
        this.manager = NDManager.newBaseManager(device);
        this.dataManager = manager.newSubManager(device);
        boolean ok = false;
        try {
            this.train = new DeviceData(tr, device, dataManager);
            this.val = splits.val() == null ? null : new DeviceData(splits.val(), device, dataManager);
            this.test = splits.test() == null ? null
                    : splits.test() == splits.val() ? val : new DeviceData(splits.test(), device, dataManager);
            StartupTimes.mark("upload");
            ModelSetup model = ModelSetup.build(spec, tr.sampleShape(), outputs, device, manager, notes);
            this.block = model.block();
            this.ownsBlock = model.owned();
            this.blockManager = model.blockManager();
            if (ownsBlock) this.freeModel = CLEANER.register(block, new FreeModel(manager));
            if (spec.init() != null && !spec.init().isBlank()) warmStart(spec.init().trim());
            String frozen = Transfer.freeze(spec, block);
            if (frozen != null) notes.add(RunNote.engine(frozen));
            StartupTimes.mark("model");
            this.ps = new ParameterStore(manager, false);
            this.augment = Augment.of(spec.augment(), tr.isImage(), spec.seed());
            if (augment != null) notes.add(RunNote.setting("augmentation: " + String.join(", ", augment.names()) + " (training batches only)"));
            if (augment != null && augment.mix() != null) notes.add(RunNote.engine(augment.mix().describe()));
            ok = true;
        } finally {
            if (!ok) {
                closeData();
                manager.close();
            }
        }
    }

    /** Sets up a session for {@code spec}; throws IllegalArgumentException for a bad spec or data. */
    public static TrainingSession open(TrainSpec spec) {
        return new TrainingSession(spec);
    }

    private void warmStart(String init) {
        if (!init.startsWith("run:")) {
            throw new IllegalArgumentException("init '" + init + "': expected run:NAME (warm start from a saved run)");
        }
        String name = init.substring(4);
        notes.add(RunNote.setting(Transfer.warmStart(spec, RunStore.of(spec), name, block, blockManager)));
    }

    /** The model's parameters in block order. */
    public PairList<String, Parameter> parameters() {
        return block.getParameters();
    }

    public Block block() { return block; }
    public DataSplits splits() { return splits; }
    public DataProfile profile() { return profile; }
    public Device device() { return device; }
    public boolean isClassification() { return classification; }
    public String lossName() { return lossName; }
    public DeviceData trainData() { return train; }
    public DeviceData valData() { return val; }
    public DeviceData testData() { return test; }
    public List<RunNote> notes() { return notes; }

    /** Training steps per epoch for the spec's batch size and limit. */
    public int stepsPerEpoch() {
        // a trailing batch of a single sample is dropped (batch norm cannot train on one sample)
        int full = train.size() / spec.batch();
        int rest = train.size() % spec.batch();
        if (rest > 1 || full == 0) full++;
        return spec.limit() == null ? full : Math.min(full, spec.limit());
    }

    /** Outcome of one training step. */
    public record StepOut(double loss, double gradNorm, double updateRatio, GradSample sample) {}

    /**
     * One optimizer step over samples {@code perm[from, to)}: forward, loss, backward, gradient statistics (when
     * {@code sample}) read before the update, clipping, update. Per-batch arrays live in a sub-manager closed at
     * the end of the step. When the loss is not finite, no update is applied. {@code perm} is copied to the device
     * once and sliced per batch while the same array is passed: hand in a new array (not a modified one) for a
     * new order.
     *
     * @param correct an int64 scalar accumulating correct predictions (classification), or null
     */
    public StepOut trainStep(int[] perm, int from, int to, UpdateRule opt, int step, float lr, boolean sample,
                             NDArray correct) {
        PairList<String, Parameter> params = block.getParameters();
        try (NDManager sm = dataManager.newSubManager()) {
            NDArray idx = DeviceData.slice(sm, permTensor(perm), from, to);
            NDArray xb = train.xAt(sm, idx);
            NDArray yRows = fastCe ? train.classRowsAt(sm, idx) : null;
            NDArray yb = fastCe ? yRows.reshape(-1) : train.yAt(sm, idx);
            if (augment != null) xb = augment.apply(sm, xb);
            // cutmix / mixup: the batch blended with itself, the loss with the partners' labels (Mix)
            Mix.Batch mixed = augment == null || augment.mix() == null ? null : augment.mix().apply(sm, xb);
            if (mixed != null) xb = mixed.x();
            NDArray pred;
            NDArray l;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                pred = block.forward(ps, new NDList(xb), true).singletonOrThrow();
                if (mixed != null) l = mixed.loss((p, y) -> fastCe ? crossEntropyRows(p, y) : loss.compute(p, y), pred, fastCe ? yRows : yb);
                else l = fastCe ? crossEntropyRows(pred, yRows) : loss.compute(pred, yb);
                gc.backward(l);
            }
            double lv = l.toFloatArray()[0]; // getFloat() would index a new scalar array first
            if (correct != null) correct.addi(countCorrect(pred, mixed == null ? yb : mixed.dominant(yb)));
            if (!Double.isFinite(lv)) {
                zeroGradients(params, sm);
                return new StepOut(lv, Double.NaN, Double.NaN, null);
            }
            double gradNorm = Double.NaN;
            LinkedHashMap<String, Double> norms = null;
            Map<String, NDArray> before = null;
            if (sample) {
                norms = Gradients.norms(params);
                double s2 = 0;
                for (double v : norms.values()) s2 += v * v;
                gradNorm = Math.sqrt(s2);
                before = Gradients.snapshot(params);
            }
            try {
                // on a sampled step the global norm is already known from the per-parameter norms
                if (spec.clip() != null) gradNorm = Gradients.clipByGlobalNorm(params, spec.clip(), gradNorm);
                if (spec.clipValue() != null) Gradients.clipByValue(params, spec.clipValue());
                opt.step(step, lr, params);
                if (!sample) return new StepOut(lv, gradNorm, Double.NaN, null);
                LinkedHashMap<String, Double> ratios = Gradients.updateRatios(before, params);
                double global = ratios.getOrDefault(Gradients.GLOBAL, Double.NaN);
                ratios.remove(Gradients.GLOBAL);
                return new StepOut(lv, gradNorm, global, new GradSample(step, norms, ratios));
            } finally {
                if (before != null) Gradients.release(before);
            }
        }
    }

    /**
     * The permutation as a device tensor, made once per permutation (once per epoch) in the data manager and
     * reused while the caller passes the same array.
     */
    private NDArray permTensor(int[] perm) {
        if (perm != permHost || permDevice == null || permDevice.isReleased()) {
            if (permDevice != null) permDevice.close();
            permDevice = train.indexTensor(dataManager, perm);
            permHost = perm;
        }
        return permDevice;
    }

    /**
     * Softmax cross-entropy of logits {@code [B, C]} against int64 class indices given as rows {@code [B, 1]}:
     * the value of {@code Losses.crossEntropy}, in four native calls (log-softmax, gather, mean, negate) instead of
     * the reshapes and checks of DJL's pick.
     */
    static NDArray crossEntropyRows(NDArray pred, NDArray rows) {
        return pred.logSoftmax(1).gather(rows, 1).mean().neg();
    }

    /** Sets every gradient to zero (used when a step is skipped). */
    static void zeroGradients(PairList<String, Parameter> params, NDManager scope) {
        for (Pair<String, Parameter> p : params) {
            Parameter par = p.getValue();
            if (!par.isInitialized() || !par.requiresGradient()) continue;
            NDArray w = par.getArray();
            if (!w.hasGradient()) continue;
            NDArray g = w.getGradient();
            g.subi(g);
            g.attach(scope);
        }
    }

    /** Number of correct predictions in a batch as an int64 scalar in the batch's manager. */
    NDArray countCorrect(NDArray pred, NDArray y) {
        NDArray hit;
        if (binary) {
            hit = pred.reshape(-1).gt(0).toType(DataType.INT64, false).eq(y.reshape(-1).toType(DataType.INT64, false));
        } else {
            hit = pred.argMax(1).eq(y.reshape(-1));
        }
        return hit.sum(); // a boolean sum is int64 on PyTorch
    }

    /**
     * Mean loss and accuracy (NaN for regression) on a data set, in inference mode.
     *
     * @return {loss, accuracy}
     */
    public double[] evaluate(DeviceData d) {
        Evaluation e = evaluate(d, classification ? List.of("acc") : List.of());
        return new double[]{e.loss(), e.acc()};
    }

    /**
     * One evaluation pass: mean loss, accuracy (classification, else NaN) and the named metrics.
     *
     * @param metrics plain names (trainbook.engine.metrics.Metrics) that fit the task
     * @param loss    mean loss; NaN without data
     * @param acc     accuracy (classification), else NaN
     * @param values  metric name → value, in the order asked
     */
    public record Evaluation(double loss, double acc, LinkedHashMap<String, Double> values) {
        static Evaluation none(List<String> metrics) {
            LinkedHashMap<String, Double> v = new LinkedHashMap<>();
            for (String m : metrics) v.put(m, Double.NaN);
            return new Evaluation(Double.NaN, Double.NaN, v);
        }
    }

    /**
     * One evaluation pass over {@code d} in inference mode, {@value #EVAL_BATCH} samples a batch. Each batch is
     * reduced on the device to a few numbers (its loss; predicted classes, or the regression sums; top-5 hits when
     * asked) that feed a {@link MetricAccumulator}: the metrics cost evaluation time only, never a training step.
     */
    public Evaluation evaluate(DeviceData d, List<String> metrics) {
        return EvalPass.run(this, d, metrics);
    }

    /** Evaluation batches forwarded over the test set so far (a run evaluates it once, at the end). */
    long testBatches() { return testBatches; }

    /** A probe batch of up to {@code n} training samples (for dead-unit probes), owned by the data manager. */
    NDArray probeBatch(int n) {
        return train.xRange(dataManager, 0, Math.min(n, train.size()));
    }

    /**
     * Gives the device data back to the shared cache, frees this session's per-run buffers and drops the host
     * copies (the model stays usable).
     */
    @Override
    public void close() {
        closeData();
        dataManager.close();
        splits = null;
        permHost = null;
        permDevice = null;
    }

    private void closeData() {
        for (DeviceData d : new DeviceData[]{train, val, test}) if (d != null) d.close();
        train = null;
        val = null;
        test = null;
    }

    /** Frees the model's parameters too (a notebook block handed in is left alone). */
    public void closeModel() {
        close();
        if (freeModel != null) freeModel.clean();
        else if (ownsBlock) manager.close();
    }

    /** Whether {@link #closeModel()} freed the model. */
    boolean isModelClosed() {
        return ownsBlock && !manager.isOpen();
    }

    /** Bytes of the model's parameters, twice for trainable ones (their gradients live as long as they do). */
    long modelBytes() {
        long b = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter par = p.getValue();
            if (!par.isInitialized()) continue;
            NDArray a = par.getArray();
            long one = a.size() * a.getDataType().getNumOfBytes();
            b += a.hasGradient() ? 2 * one : one;
        }
        return b;
    }
}
