package trainbook.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Contestant B of {@code ./trainbook bench}: the training loop a DJL user would write by hand (DJL's
 * {@link Trainer}, Adam, batches sliced from one device tensor), with no Trainbook code at all. It is the
 * reference the engine's own loop is compared with.
 *
 * <p>Usage: {@code RawDjlLoop --model mlp|cnn --threads N --batches K --warmup W --epochs E --data DIR}.
 * Prints one JSON line with the median ms/batch, epoch time, test accuracy and peak RSS.
 */
public final class RawDjlLoop {
    private RawDjlLoop() {}

    /** -Dtrainbook.profile=FILE: the timed batches run under libtorch's profiler, written as a Chrome trace (bench/op_profile.py). */
    private static final String PROFILE = System.getProperty("trainbook.profile");

    public static void main(String[] args) throws IOException {
        BenchArgs a = BenchArgs.parse(args);
        // the same process-wide allocator settings as the engine, so that A vs B measures the loop, not malloc
        trainbook.engine.NativeMemory.tune();
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(a.threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getInstance().setRandomSeed((int) a.seed);
        try (NDManager manager = NDManager.newBaseManager();
             Model model = Model.newInstance("raw")) {
            float[][] train = readIdx(a.data, "train");
            float[][] test = readIdx(a.data, "t10k");
            boolean cnn = a.model.equals("cnn");
            Shape one = cnn ? new Shape(1, 1, 28, 28) : new Shape(1, 784);
            int n = train[1].length;
            NDArray xtr = manager.create(train[0]).reshape(cnn ? new Shape(n, 1, 28, 28) : new Shape(n, 784));
            NDArray ytr = manager.create(train[1]);
            model.setBlock(cnn ? cnn() : mlp());
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(one);
                int bs = 128;
                Random rnd = new Random(a.seed);
                List<Double> times = new ArrayList<>();
                int[] perm = permutation(n, rnd);
                NDArray permArr = manager.create(perm);
                long cpu0 = 0, proc0 = 0, calls0 = 0;
                long[] methods0 = null;
                for (int i = 0; i < a.warmup + a.batches; i++) {
                    int j = (i * bs) % (n - bs);
                    if (i == a.warmup && PROFILE != null) ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
                    if (i == a.warmup) {
                        cpu0 = BenchArgs.threadCpuNanos();
                        proc0 = BenchArgs.processCpuNanos();
                        calls0 = NativeCalls.total();
                        methods0 = NativeCalls.snapshot(null);
                    }
                    long t0 = System.nanoTime();
                    step(trainer, xtr, ytr, permArr, j, bs);
                    if (i >= a.warmup) times.add((System.nanoTime() - t0) / 1e6);
                }
                if (PROFILE != null && a.batches > 0) ai.djl.pytorch.jni.JniUtils.stopProfile(PROFILE);
                double calls = a.batches == 0 || !NativeCalls.available() ? Double.NaN
                        : (double) (NativeCalls.total() - calls0) / a.batches;
                String byMethod = a.batches == 0 ? "{}" : perStep(NativeCalls.diff(methods0, NativeCalls.snapshot(null)), a.batches);
                double cpuMs = a.batches == 0 ? Double.NaN : (BenchArgs.threadCpuNanos() - cpu0) / 1e6 / a.batches;
                double procMs = a.batches == 0 ? Double.NaN : (BenchArgs.processCpuNanos() - proc0) / 1e6 / a.batches;
                double epochS = Double.NaN;
                double acc = Double.NaN;
                if (a.epochs > 0) {
                    long t0 = System.nanoTime();
                    for (int e = 0; e < a.epochs; e++) {
                        NDArray p = manager.create(permutation(n, rnd));
                        for (int j = 0; j + bs <= n; j += bs) step(trainer, xtr, ytr, p, j, bs);
                        p.close();
                    }
                    epochS = (System.nanoTime() - t0) / 1e9 / a.epochs;
                    acc = accuracy(trainer, manager, test, cnn);
                }
                Collections.sort(times);
                double median = times.isEmpty() ? Double.NaN : times.get(times.size() / 2);
                System.out.println(String.format(Locale.ROOT,
                        "{\"contestant\": \"djl\", \"model\": \"%s\", \"threads\": %d, \"ms_per_batch\": %.4f, "
                                + "\"cpu_ms_per_batch\": %.4f, \"proc_cpu_ms_per_batch\": %.4f, "
                                + "\"epoch_s\": %.3f, \"test_acc\": %.4f, \"peak_rss_mb\": %.1f, "
                                + "\"native_calls_per_step\": %.2f, \"native_by_method\": %s}",
                        a.model, a.threads, median, cpuMs, procMs, epochS, acc, BenchArgs.peakRssMb(), calls, byMethod));
            }
        }
    }

    /** JSON object of per-step counts. */
    static String perStep(java.util.Map<String, Long> counts, int steps) {
        StringBuilder b = new StringBuilder("{");
        counts.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(String.format(Locale.ROOT, "%.2f", (double) v / steps)));
        return b.append('}').toString();
    }

    private static void step(Trainer trainer, NDArray x, NDArray y, NDArray perm, int from, int bs) {
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray idx = perm.get(from + ":" + (from + bs));
            idx.attach(scope);
            NDArray xb = x.get(idx);
            NDArray yb = y.get(idx);
            xb.attach(scope);
            yb.attach(scope);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(xb));
                NDArray loss = trainer.getLoss().evaluate(new NDList(yb), pred);
                gc.backward(loss);
                loss.getFloat();
            }
            trainer.step();
        }
    }

    private static double accuracy(Trainer trainer, NDManager manager, float[][] test, boolean cnn) {
        int n = test[1].length;
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(test[0]).reshape(cnn ? new Shape(n, 1, 28, 28) : new Shape(n, 784));
            NDArray y = scope.create(test[1]);
            long correct = 0;
            for (int i = 0; i < n; i += 1000) {
                NDArray xb = x.get(i + ":" + Math.min(n, i + 1000));
                NDArray pred = trainer.evaluate(new NDList(xb)).singletonOrThrow();
                correct += pred.argMax(1).toType(DataType.FLOAT32, false)
                        .eq(y.get(i + ":" + Math.min(n, i + 1000))).sum().getLong();
            }
            return correct / (double) n;
        }
    }

    static SequentialBlock mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(256).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    static SequentialBlock cnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32).build())
                .add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build())
                .add(Activation::relu).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = p[i]; p[i] = p[k]; p[k] = t;
        }
        return p;
    }

    /** Reads {prefix}-images-idx3-ubyte[.gz] and labels into {pixels scaled to [0,1], labels as floats}. */
    static float[][] readIdx(String dir, String prefix) throws IOException {
        byte[] img = slurp(Path.of(dir), prefix + "-images-idx3-ubyte");
        byte[] lab = slurp(Path.of(dir), prefix + "-labels-idx1-ubyte");
        int count = ((lab[4] & 0xff) << 24) | ((lab[5] & 0xff) << 16) | ((lab[6] & 0xff) << 8) | (lab[7] & 0xff);
        float[] x = new float[count * 784];
        for (int i = 0; i < x.length; i++) x[i] = (img[16 + i] & 0xff) / 255f;
        float[] y = new float[count];
        for (int i = 0; i < count; i++) y[i] = lab[8 + i] & 0xff;
        return new float[][] {x, y};
    }

    private static byte[] slurp(Path dir, String base) throws IOException {
        Path gz = dir.resolve(base + ".gz");
        if (Files.exists(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                return in.readAllBytes();
            }
        }
        Path raw = dir.resolve(base);
        if (Files.exists(raw)) return Files.readAllBytes(raw);
        throw new IOException("missing " + gz + " (install the Debian package dataset-fashion-mnist)");
    }
}
