package trainbook.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.Locale;

/**
 * The machine's limit for {@code ./trainbook bench}'s models: a training step's floating-point work divided by the
 * matrix-multiply throughput libtorch reaches on this CPU at a given thread count. It answers how far each
 * contestant is from what the CPU's GEMM can do at all, not only from PyTorch.
 *
 * <p>Work per step (batch B, multiply-adds counted as 2 FLOPs): forward, plus the weight gradients (the forward's
 * work again), plus the input gradients of every layer but the first (the input needs none). Convolutions are
 * counted as the GEMMs of their im2col form. Throughput is the best of several timed {@code matMul}s at two shapes
 * (the MLP's first layer 128×784·784×256, and 512³, which is compute-bound), the higher of the two, so the bound is
 * optimistic: every FLOP at the CPU's best GEMM rate, elementwise work, pooling and the optimizer taken as free.
 * (The CNN's second convolution as an explicit im2col GEMM, 25088×288·288×64, reached only 37–42 GFLOP/s here,
 * memory-bound, while libtorch's direct convolution is faster than that: it is no limit.)
 *
 * <p>Run: {@code java -cp 'target/classes:target/lib/*' trainbook.bench.GemmBound --threads 1}; prints one JSON line.
 */
public final class GemmBound {
    private GemmBound() {}

    /** Batch size of the benchmark. */
    static final int B = 128;

    /** FLOPs of one MLP 784-256-128-10 training step at batch {@link #B}. */
    public static double mlpStepFlops() {
        int[] widths = {784, 256, 128, 10};
        double fwd = 0, inputGrads = 0;
        for (int i = 0; i + 1 < widths.length; i++) {
            double f = 2.0 * B * widths[i] * widths[i + 1];
            fwd += f;
            if (i > 0) inputGrads += f;
        }
        return 2 * fwd + inputGrads;
    }

    /** FLOPs of one CNN (conv32 3×3 same, pool, conv64 3×3 same, pool, dense128, dense10) step at batch {@link #B}. */
    public static double cnnStepFlops() {
        double conv1 = 2.0 * 28 * 28 * 32 * 9 * 1;
        double conv2 = 2.0 * 14 * 14 * 64 * 9 * 32;
        double dense1 = 2.0 * 7 * 7 * 64 * 128;
        double dense2 = 2.0 * 128 * 10;
        double fwd = B * (conv1 + conv2 + dense1 + dense2);
        double inputGrads = B * (conv2 + dense1 + dense2);
        return 2 * fwd + inputGrads;
    }

    /** Best GFLOP/s of {@code [m,k]×[k,n]} over {@code reps} timed products after a warm-up. */
    static double gflops(NDManager nm, int m, int k, int n, int reps) {
        try (NDManager s = nm.newSubManager()) {
            NDArray a = s.randomUniform(-1, 1, new Shape(m, k));
            NDArray b = s.randomUniform(-1, 1, new Shape(k, n));
            for (int i = 0; i < 3; i++) a.matMul(b).close();
            long best = Long.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b); // libtorch's CPU ops return when the result is written
                best = Math.min(best, System.nanoTime() - t0);
                c.close();
            }
            return 2.0 * m * k * n / best;
        }
    }

    public static void main(String[] args) {
        int threads = 1, reps = 20;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--reps" -> { reps = Integer.parseInt(v); i++; }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; valid: --threads N --reps N");
            }
        }
        if (threads < 1 || reps < 1) throw new IllegalArgumentException("--threads and --reps must be ≥ 1, got " + Arrays.toString(args));
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        trainbook.engine.Devices.engine(); // loads libtorch (and applies the engine's malloc settings) first
        trainbook.engine.Devices.setThreads(threads);
        try (NDManager nm = NDManager.newBaseManager("PyTorch")) {
            double mlp = gflops(nm, B, 784, 256, reps);
            double square = gflops(nm, 512, 512, 512, Math.max(5, reps / 2));
            double best = Math.max(mlp, square);
            double mf = mlpStepFlops(), cf = cnnStepFlops();
            System.out.println(String.format(Locale.ROOT,
                    "{\"threads\": %d, \"gemm_gflops_mlp_shape\": %.2f, \"gemm_gflops_square\": %.2f, "
                            + "\"mlp_step_mflop\": %.1f, \"cnn_step_mflop\": %.1f, \"mlp_bound_ms\": %.3f, \"cnn_bound_ms\": %.3f}",
                    threads, mlp, square, mf / 1e6, cf / 1e6, mf / best / 1e6, cf / best / 1e6));
        }
    }
}
