package trainbook.bench;

import com.google.gson.GsonBuilder;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.MedianPruner;
import trainbook.engine.sweep.Pruner;
import trainbook.engine.sweep.RandomSampler;
import trainbook.engine.sweep.Sampler;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.SuccessiveHalvingPruner;
import trainbook.engine.sweep.TpeSampler;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialHandle;
import trainbook.engine.sweep.TrialState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Trainbook's side of {@code ./trainbook bench --sweeps} (bench/sweep_bench.py runs Optuna's side with the same
 * protocol and writes the table). Prints one JSON object:
 * <ul>
 *   <li>{@code quality}: per test function and sampler, the best value found in {@code --trials} (50) trials for
 *       each of {@code --seeds} (20) seeds (for the noisy function: the noise-free value of the trial with the best
 *       noisy observation);</li>
 *   <li>{@code pruning}: per bank of recorded learning curves ({@code --bank}, comma-separated: the Fashion-MNIST
 *       and the spirals bank by default; keyed by file name) and per pruner, epochs spent and whether the bank's
 *       best configuration completed, replaying the bank in 20 fixed orders;</li>
 *   <li>{@code overhead}: TPE's sampling time per trial (thread CPU time) over a 1000-trial study of the noisy
 *       function.</li>
 * </ul>
 * The functions: Branin (2-D, min 0.397887), Hartmann-6 (min -3.32237) and a noisy 5-D quadratic in log10(lr),
 * log10(wd), dropout, momentum and log2(width) (integer), noise N(0, 0.1²), min 0.
 */
public final class SweepBench {
    private SweepBench() {}

    static final double[][] H_A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    static final double[][] H_P = {{1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};
    static final double[] H_ALPHA = {1.0, 1.2, 3.0, 3.2};

    static double branin(double x1, double x2) {
        double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        return a * Math.pow(x2 - b * x1 * x1 + c * x1 - r, 2) + s * (1 - t) * Math.cos(x1) + s;
    }

    static double hartmann6(double[] x) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) inner += H_A[i][j] * Math.pow(x[j] - H_P[i][j] * 1e-4, 2);
            sum += H_ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }

    /** The noise-free 5-D surface: an LR/wd/dropout-like bowl in log coordinates. */
    static double logQuad(double lr, double wd, double dropout, double momentum, long width) {
        double effLr = Math.log10(lr / (1 - momentum)) + 1.5; // lr and momentum trade off, as in SGD
        return effLr * effLr + 0.5 * Math.pow(Math.log10(wd) + 4, 2) + 4 * Math.pow(dropout - 0.25, 2)
                + 2 * Math.pow(momentum - 0.9, 2) + 0.2 * Math.pow(Math.log(width) / Math.log(2) - 8, 2);
    }

    record Fn(String name, SearchSpace space, ToDoubleFunction<TrialHandle> truth, double noise) {}

    static List<Fn> functions() {
        List<Fn> f = new ArrayList<>();
        f.add(new Fn("branin", SearchSpace.of().floatRange("x1", -5, 10).floatRange("x2", 0, 15),
                t -> branin(t.getDouble("x1"), t.getDouble("x2")), 0));
        SearchSpace h = SearchSpace.of();
        for (int i = 0; i < 6; i++) h.floatRange("x" + i, 0, 1);
        f.add(new Fn("hartmann6", h, t -> {
            double[] x = new double[6];
            for (int i = 0; i < 6; i++) x[i] = t.getDouble("x" + i);
            return hartmann6(x);
        }, 0));
        f.add(new Fn("logquad5", SearchSpace.of().logFloat("lr", 1e-5, 1).logFloat("wd", 1e-7, 1e-1).floatRange("dropout", 0, 0.8)
                .floatRange("momentum", 0, 0.99).add("width", new trainbook.engine.sweep.Param.IntRange(16, 1024, true)),
                t -> logQuad(t.getDouble("lr"), t.getDouble("wd"), t.getDouble("dropout"), t.getDouble("momentum"), t.getLong("width")), 0.1));
        return f;
    }

    static Sampler sampler(String name) {
        return switch (name) {
            case "random" -> new RandomSampler();
            case "tpe" -> new TpeSampler();
            case "tpe-multivariate" -> new TpeSampler(10, 24, true);
            // diagnostics (--samplers): normalised component densities instead of Optuna 3.1's scale-free ones
            case "tpe-exact" -> new TpeSampler().exactDensity(true);
            case "tpe-multivariate-exact" -> new TpeSampler(10, 24, true).exactDensity(true);
            default -> throw new IllegalArgumentException("sampler " + name);
        };
    }

    /** Best true value over one study (noise drawn per trial from (seed, number)). */
    static double bestOf(Fn fn, String sampler, int seed, int trials) {
        Study s = Study.builder().space(fn.space()).sampler(sampler(sampler)).seed(seed).build();
        Map<Integer, Double> truth = new java.util.HashMap<>();
        s.optimize(t -> {
            double v = fn.truth().applyAsDouble(t);
            truth.put(t.number(), v);
            return fn.noise() == 0 ? v : v + fn.noise() * new Random(seed * 100_003L + t.number()).nextGaussian();
        }, trials);
        return truth.get(s.best().orElseThrow().number());
    }

    public static void main(String[] args) throws IOException {
        int trials = 50, seeds = 20, overheadTrials = 1000;
        String bank = "src/test/resources/trainbook/sweep/curves-fashion.csv,src/test/resources/trainbook/sweep/curves.csv";
        List<String> parts = List.of("quality", "pruning", "overhead");
        List<String> fns = List.of("branin", "hartmann6", "logquad5"), samplers = List.of("random", "tpe", "tpe-multivariate");
        int firstSeed = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
                case "--overhead-trials" -> overheadTrials = Integer.parseInt(args[i + 1]);
                case "--bank" -> bank = args[i + 1];
                case "--parts" -> parts = List.of(args[i + 1].split(","));
                case "--functions" -> fns = List.of(args[i + 1].split(","));
                case "--samplers" -> samplers = List.of(args[i + 1].split(","));
                case "--first-seed" -> firstSeed = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; valid: --trials --seeds --overhead-trials --bank --parts --functions --samplers --first-seed");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> quality = new LinkedHashMap<>();
        for (Fn fn : parts.contains("quality") ? functions() : List.<Fn>of()) {
            if (!fns.contains(fn.name())) continue;
            Map<String, Object> per = new LinkedHashMap<>();
            for (String sm : samplers) {
                List<Double> best = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int seed = firstSeed; seed < firstSeed + seeds; seed++) best.add(bestOf(fn, sm, seed, trials));
                per.put(sm, best);
                System.err.printf(java.util.Locale.ROOT, "%s %s: %.1f s%n", fn.name(), sm, (System.nanoTime() - t0) / 1e9);
            }
            quality.put(fn.name(), per);
        }
        if (parts.contains("quality")) out.put("quality", quality);
        if (parts.contains("pruning")) {
            Map<String, Object> banks = new LinkedHashMap<>();
            for (String b : bank.split(",")) banks.put(Path.of(b).getFileName().toString(), pruning(PruningBank.load(Path.of(b)), seeds));
            out.put("pruning", banks);
        }
        if (parts.contains("overhead")) out.put("overhead", overhead(overheadTrials));
        System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(out));
    }

    /** Every pruner on the bank, in {@code orders} fixed orders. */
    static Map<String, Object> pruning(PruningBank bank, int orders) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, java.util.function.Supplier<Pruner>> pruners = new LinkedHashMap<>();
        pruners.put("none", () -> Pruner.NONE);
        pruners.put("median", MedianPruner::new);
        pruners.put("asha", SuccessiveHalvingPruner::new);
        for (var e : pruners.entrySet()) {
            List<Integer> epochs = new ArrayList<>();
            List<Boolean> survived = new ArrayList<>();
            for (int s = 0; s < orders; s++) {
                PruningBank.Outcome o = bank.replay(e.getValue().get(), s);
                epochs.add(o.epochs());
                survived.add(o.bestSurvived());
            }
            out.put(e.getKey(), Map.of("epochs", epochs, "best_survived", survived, "total_epochs", bank.totalEpochs()));
        }
        return out;
    }

    /** Sampling time per trial of a TPE study on the noisy 5-D function (objective time excluded). */
    static Map<String, Object> overhead(int trials) {
        Fn fn = functions().get(2);
        Study s = Study.builder().space(fn.space()).sampler(new TpeSampler()).seed(0).build();
        double[] ms = new double[trials];
        // CPU time of this thread: on a shared machine wall time mostly measures the other jobs
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < trials; i++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            TrialHandle h = s.ask();
            ms[i] = (cpu.getCurrentThreadCpuTime() - t0) / 1e6;
            h.complete(fn.truth().applyAsDouble(h));
        }
        double all = 0, last = 0;
        for (int i = 0; i < trials; i++) all += ms[i];
        int tail = Math.min(100, trials);
        for (int i = trials - tail; i < trials; i++) last += ms[i];
        long done = s.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        return Map.of("trials", (int) done, "mean_ms", all / trials, "last100_mean_ms", last / tail);
    }

}
