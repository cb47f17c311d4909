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
import trainbook.engine.optim.BaseUpdateRule;
import trainbook.engine.optim.Optimizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times one optimizer step over the bench MLP's parameters (784-256-128-10: 6 arrays, 235,146 weights) three
 * ways, to see what a flat-buffer update could win (docs/benchmark-notes.md, "Native calls per step, flat buffers"):
 * <ul>
 *   <li>{@code per_param}: Trainbook's optimizer as {@code %train} runs it (one fused kernel per parameter);</li>
 *   <li>{@code formula}: the same rule with its native kernels off (the NDArray formulas);</li>
 *   <li>{@code concat_flat} (Adam only): the gradients concatenated into one buffer, then one native update over
 *       flat weights and state (parameters are views of the flat weights) — what DJL allows without a way to
 *       set {@code .grad};</li>
 *   <li>{@code flat_bound} (Adam only): the one flat update alone, as if the gradients already were one buffer.</li>
 * </ul>
 * Run: {@code java -agentpath:build/bench/libjnicount.so -cp 'target/classes:target/lib/*'
 * trainbook.bench.OptimizerStepBench --steps 2000 --opt adam} ({@code --opt all} for every rule); prints one JSON
 * line per rule with µs per step (best of 3 repeats) and, with the counting agent ({@link NativeCalls}), the
 * native calls per step.
 */
public final class OptimizerStepBench {
    private OptimizerStepBench() {}

    static final long[][] SHAPES = {{256, 784}, {256}, {128, 256}, {128}, {10, 128}, {10}};

    /**
     * µs per step: {per_param, concat_flat, flat_bound, formula}, then native calls per step (measured by
     * {@link NativeCalls}, NaN without the agent): {per_param, formula}. The flat variants are NaN for rules other
     * than adam; {@code formula} is the same optimizer with its native kernels off (the NDArray formulas, as
     * before issue 17's kernels), timed in the same repeats so that the two share the machine's load.
     */
    public static double[] run(String opt, int steps) {
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN, Double.NaN};
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
            TrainSpec spec = new TrainSpec().opt(opt);
            if (opt.equals("nesterov")) spec.momentum(0.9);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector();
                 BaseUpdateRule o = (BaseUpdateRule) Optimizers.create(spec);
                 BaseUpdateRule f = ((BaseUpdateRule) Optimizers.create(spec)).nativeKernels(false)) {
                fillGradients(gc, ws);
                // the gradients stay in place (step() zeroes them): only timing and counts matter here. The two
                // paths alternate in blocks of 50 steps and each block is timed by the thread's CPU clock, so a
                // busy machine slows both alike; the median block counts.
                List<Double> kernel = new ArrayList<>(), formula = new ArrayList<>();
                for (int b = 0; b < Math.max(6, 3 * steps / 50); b++) {
                    kernel.add(timeSteps(o, params, 50, best, 4));
                    formula.add(timeSteps(f, params, 50, best, 5));
                }
                best[0] = median(kernel);
                best[3] = median(formula);
                for (int rep = 0; rep < 3; rep++) {
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

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        java.util.Collections.sort(s);
        return s.get(s.size() / 2);
    }

    /** Training-thread CPU µs per step over {@code steps} steps; stores the native calls per step in {@code out[slot]}. */
    private static double timeSteps(BaseUpdateRule o, PairList<String, Parameter> params, int steps, double[] out, int slot) {
        long c0 = NativeCalls.total();
        long t0 = BenchArgs.threadCpuNanos();
        for (int i = 0; i < steps; i++) o.step(i, 1e-3f, params);
        long t1 = BenchArgs.threadCpuNanos();
        long c1 = NativeCalls.total();
        if (NativeCalls.available()) out[slot] = (double) (c1 - c0) / steps;
        return (t1 - t0) / 1e3 / steps;
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
        trainbook.engine.NativeMemory.tune(); // the allocator settings %train runs with (kernels allocate temporaries)
        for (String o : opt.equals("all") ? Optimizers.NAMES : List.of(opt)) {
            double[] r = run(o, steps);
            System.out.println(String.format(Locale.ROOT,
                    "{\"opt\": \"%s\", \"steps\": %d, \"per_param_us\": %.1f, \"formula_us\": %.1f, "
                            + "\"calls_per_step\": %.1f, \"formula_calls_per_step\": %.1f, \"concat_flat_us\": %.1f, \"flat_bound_us\": %.1f}",
                    o, steps, r[0], r[3], r[4], r[5], r[1], r[2]));
        }
    }
}
