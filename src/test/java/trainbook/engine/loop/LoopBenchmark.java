package trainbook.engine.loop;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import trainbook.engine.Devices;
import trainbook.engine.TrainSpec;
import trainbook.engine.data.DataSplits;
import trainbook.engine.data.Datasets;
import trainbook.engine.data.HostData;
import trainbook.engine.model.Models;
import trainbook.engine.run.StepRecord;

import java.util.Arrays;
import java.util.List;

/**
 * Measurement, not a test: ms/batch of Trainbook's loop against a hand-written minimal DJL loop (Trainer +
 * GradientCollector + DJL's fused Adam, contiguous slices) on Fashion-MNIST, MLP 784-256-128-10, batch 128, and the cost of gradient-norm
 * monitoring (grad_every = 0, 10, 1). Run with
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) trainbook.engine.loop.LoopBenchmark [threads] [steps]}.
 */
public final class LoopBenchmark {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        String model = args.length > 2 ? args[2] : "mlp(256,128)";
        Devices.setThreads(threads);
        TrainSpec base = new TrainSpec().model(model).data("fashion-mnist").epochs(1).batch(128).lr(1e-3);
        base.limit(steps);
        base.threads(threads);
        DataSplits d = Datasets.load(base);
        System.out.printf("threads=%d steps=%d model=%s%n", threads, steps, model);
        for (int rep = 0; rep < 2; rep++) {
            double[] djl = djlLoop(d.train(), model, steps, threads);
            System.out.printf("djl minimal loop            : wall %.3f ms/batch, cpu %.3f ms/batch%n", djl[0], djl[1]);
            for (int every : new int[]{0, 10, 1}) {
                TrainSpec s = base.copy();
                s.gradEvery(every);
                s.val("none");
                long[] cpu = new long[2];
                TrainingListener clock = new TrainingListener() {
                    @Override public void onBatchEnd(StepRecord st) {
                        if (st.step() == 19) cpu[0] = CPU.getCurrentThreadCpuTime();
                        if (st.step() == steps - 1) cpu[1] = CPU.getCurrentThreadCpuTime();
                    }
                };
                try (TrainedRun r = new TrainLoop(s, List.of(clock)).save(false).fit()) {
                    double[] ms = r.record().steps().stream().mapToDouble(StepRecord::millis).toArray();
                    System.out.printf("trainbook loop grad_every=%-2d: wall %.3f ms/batch (median %.3f), cpu %.3f ms/batch%n",
                            every, Arrays.stream(ms).skip(20).average().orElse(Double.NaN), median(ms),
                            (cpu[1] - cpu[0]) / 1e6 / (steps - 20));
                }
            }
        }
    }

    /** Thread CPU time: with one intra-op thread PyTorch computes on the calling thread, so this is robust on a
     * shared machine where wall time is not. */
    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** Data on the device, contiguous slices, DJL Trainer with its Adam; loss read every step. */
    static double[] djlLoop(HostData train, String model, int steps, int threads) {
        Engine.getInstance().setRandomSeed(42);
        try (Model m = Model.newInstance("bench")) {
            long[] sample = train.sampleShape();
            Block block = Models.build(model, "relu", 0, "none", sample, 10);
            m.setBlock(block);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().build());
            try (Trainer t = m.newTrainer(cfg)) {
                t.initialize(new Shape(1, sample[0], sample[1], sample[2]));
                NDManager man = m.getNDManager();
                NDArray x = man.create(train.x(), new Shape(train.size(), sample[0], sample[1], sample[2]));
                long[] lab = new long[train.size()];
                for (int i = 0; i < lab.length; i++) lab[i] = (long) train.y()[i];
                NDArray y = man.create(lab);
                long start = 0;
                long cpu0 = 0;
                for (int i = 0; i < steps; i++) {
                    if (i == 20) {
                        start = System.nanoTime();
                        cpu0 = CPU.getCurrentThreadCpuTime();
                    }
                    int from = (i * 128) % (train.size() - 128);
                    try (NDManager sm = man.newSubManager()) {
                        NDArray xb = x.get(sm, new NDIndex("{}:{}", from, from + 128));
                        NDArray yb = y.get(sm, new NDIndex("{}:{}", from, from + 128));
                        try (GradientCollector gc = t.newGradientCollector()) {
                            NDArray pred = t.forward(new NDList(xb)).singletonOrThrow();
                            NDArray loss = t.getLoss().evaluate(new NDList(yb), new NDList(pred));
                            gc.backward(loss);
                            loss.getFloat();
                        }
                        t.step();
                    }
                }
                return new double[]{(System.nanoTime() - start) / 1e6 / (steps - 20),
                        (CPU.getCurrentThreadCpuTime() - cpu0) / 1e6 / (steps - 20)};
            }
        }
    }
}
