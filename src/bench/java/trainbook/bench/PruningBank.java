package trainbook.bench;

import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.Pruner;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.TrialHandle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recorded bank of learning curves (CSV from {@link CurveBank}: config, ..., epoch, val_loss, ...) replayed
 * through a pruner: configurations run one after another in an order fixed by a seed (the same integer hash in
 * bench/sweep_bench.py, so Optuna sees the same sequence), each reporting its val_loss per epoch until the pruner
 * stops it. A trial's value is its best val_loss.
 */
public final class PruningBank {
    private final double[][] curves; // [config][epoch-1]

    PruningBank(double[][] curves) { this.curves = curves; }

    /** What one replay cost and kept. */
    public record Outcome(int epochs, boolean bestSurvived, int pruned) {}

    public static PruningBank load(Path csv) throws IOException {
        TreeMap<Integer, TreeMap<Integer, Double>> m = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(",");
        int ci = List.of(head).indexOf("config"), ei = List.of(head).indexOf("epoch"), vi = List.of(head).indexOf("val_loss");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            m.computeIfAbsent(Integer.parseInt(f[ci]), k -> new TreeMap<>()).put(Integer.parseInt(f[ei]), Double.parseDouble(f[vi]));
        }
        double[][] c = new double[m.size()][];
        int i = 0;
        for (Map<Integer, Double> e : m.values()) c[i++] = e.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new PruningBank(c);
    }

    public int size() { return curves.length; }

    public int totalEpochs() {
        int n = 0;
        for (double[] c : curves) n += c.length;
        return n;
    }

    static double best(double[] c) {
        double b = Double.POSITIVE_INFINITY;
        for (double v : c) b = Math.min(b, v);
        return b;
    }

    /** The configuration with the lowest best val_loss. */
    public int bestConfig() {
        int k = 0;
        for (int i = 1; i < curves.length; i++) if (best(curves[i]) < best(curves[k])) k = i;
        return k;
    }

    /** Replay order for seed {@code s}: configurations sorted by an integer hash of (config, seed). */
    public List<Integer> order(int s) {
        List<Integer> o = new ArrayList<>();
        for (int i = 0; i < curves.length; i++) o.add(i);
        o.sort((a, b) -> Long.compare(key(a, s), key(b, s)));
        return o;
    }

    static long key(int config, int seed) {
        return ((config + 1L) * 2654435761L + (seed + 1L) * 40503L * 2246822519L) % 4294967296L;
    }

    public Outcome replay(Pruner pruner, int seed) {
        Study study = Study.builder().space(SearchSpace.of().intRange("config", 0, curves.length - 1))
                .sampler((space, history, number, direction, rng) -> Map.of("config", 0L)).pruner(pruner)
                .direction(Direction.MINIMIZE).build();
        int epochs = 0, pruned = 0;
        boolean survived = false;
        int bestConfig = bestConfig();
        for (int config : order(seed)) {
            TrialHandle h = study.ask();
            double[] c = curves[config];
            boolean stopped = false;
            for (int e = 1; e <= c.length; e++) {
                epochs++;
                if (h.report(e, c[e - 1])) {
                    stopped = true;
                    break;
                }
            }
            if (stopped) {
                h.pruned();
                pruned++;
            } else {
                h.complete(best(c));
                if (config == bestConfig) survived = true;
            }
        }
        return new Outcome(epochs, survived, pruned);
    }
}
