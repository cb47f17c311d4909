package trainbook.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import trainbook.engine.TrainSpec;
import trainbook.engine.optim.Optimizer;
import trainbook.engine.optim.Optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times one optimizer step over the bench MLP's parameters (784-256-128-10: 6 arrays, 235,146 weights) three
 * ways, to see what a flat-buffer update could win (README, "Native calls per step, flat buffers"):
 * <ul>
 *   <li>{@code per_param}: Trainbook's optimizer as {@code %train} runs it (one fused kernel per parameter);</li>
 *   <li>{@code concat_flat} (Adam only): the gradients concatenated into one buffer, then one native update over
 *       flat weights and state (parameters are views of the flat weights) — what DJL allows without a way to
 *       set {@code .grad};</li>
 *   <li>{@code flat_bound} (Adam only): the one flat update alone, as if the gradients already were one buffer.</li>
 * </ul>
 * Run: {@code java -cp 'target/classes:target/lib/*' trainbook.bench.OptimizerStepBench --steps 2000 --opt adam};
 * prints one JSON line with µs per step (best of 3 repeats).
 */
public final class OptimizerStepBench {
    private OptimizerStepBench() {}

    static final long[][] SHAPES = {{256, 784}, {256}, {128, 256}, {128}, {10, 128}, {10}};

    /** µs per step: {per_param, concat_flat, flat_bound}; the last two NaN for rules other than adam. */
    public static double[] run(String opt, int steps) {
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            long total = 0;
            for (long[] s : SHAPES) total += new Shape(s).size();
            NDArray flat = m.randomUniform(-0.05f, 0.05f, new Shape(total));
            List<NDArray> ws = new ArrayList<>();
            PairList<String, Parameter> params = new PairList<>();
            long off = 0;
            for (int i = 0; i < SHAPES.length; i++) {
                long n = new Shape(SHAPES[i]).size();
                NDArray v = flat.get(new NDIndex(off + ":" + (off + n))).reshape(new Shape(SHAPES[i]));
                v.setRequiresGradient(true); // a leaf sharing the flat buffer's storage
                ws.add(v);
                params.add("p" + i, Parameter.builder().setName("p" + i).setType(Parameter.Type.WEIGHT).optArray(v).build());
                off += n;
            }
            NDArray fm = m.zeros(new Shape(total)), fv = m.zeros(new Shape(total));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector();
                 Optimizer o = Optimizers.create(new TrainSpec().opt(opt))) {
                for (int rep = 0; rep < 3; rep++) {
                    fillGradients(gc, ws);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < steps; i++) o.step(i, 1e-3f, params); // zeroes the gradients: timing only
                    best[0] = Math.min(best[0], (System.nanoTime() - t0) / 1e3 / steps);
                    if (!opt.equals("adam")) continue;
                    fillGradients(gc, ws);
                    long t1 = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        try (NDList gs = new NDList()) {
                            for (NDArray w : ws) gs.add(w.getGradient().reshape(-1));
                            try (NDArray fg = NDArrays.concat(gs)) {
                                adam(flat, fg, fm, fv);
                            }
                        }
                    }
                    long t2 = System.nanoTime();
                    for (int i = 0; i < steps; i++) adam(flat, flat, fm, fv);
                    long t3 = System.nanoTime();
                    best[1] = Math.min(best[1], (t2 - t1) / 1e3 / steps);
                    best[2] = Math.min(best[2], (t3 - t2) / 1e3 / steps);
                }
            }
        }
        if (!opt.equals("adam")) best[1] = best[2] = Double.NaN;
        return best;
    }

    private static void adam(NDArray w, NDArray g, NDArray m, NDArray v) {
        JniUtils.adamUpdate((PtNDArray) w, (PtNDArray) g, (PtNDArray) m, (PtNDArray) v, 1e-3f, 1e-3f, 0f, 1f, -1f,
                0.9f, 0.999f, 1e-8f, false);
    }

    private static void fillGradients(GradientCollector gc, List<NDArray> ws) {
        NDArray loss = null;
        for (NDArray w : ws) {
            NDArray t = w.square().sum();
            loss = loss == null ? t : loss.add(t);
        }
        gc.backward(loss);
    }

    public static void main(String[] args) {
        int steps = 2000;
        String opt = "adam";
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--steps" -> { steps = Integer.parseInt(v); i++; }
                case "--opt" -> { opt = v; i++; }
                case "--threads" -> { System.setProperty("ai.djl.pytorch.num_threads", v); i++; }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; valid: --steps N --opt NAME --threads N");
            }
        }
        double[] r = run(opt, steps);
        System.out.println(String.format(Locale.ROOT,
                "{\"opt\": \"%s\", \"steps\": %d, \"per_param_us\": %.1f, \"concat_flat_us\": %.1f, \"flat_bound_us\": %.1f}",
                opt, steps, r[0], r[1], r[2]));
    }
}
