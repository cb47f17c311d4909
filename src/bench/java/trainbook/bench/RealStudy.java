package trainbook.bench;

import com.google.gson.Gson;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainingListener;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StopReason;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.GridSampler;
import trainbook.engine.sweep.Pruner;
import trainbook.engine.sweep.RandomSampler;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.SuccessiveHalvingPruner;
import trainbook.engine.sweep.TpeSampler;
import trainbook.engine.sweep.TrialPruned;
import trainbook.engine.sweep.TrialState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real study of {@code ./trainbook bench --sweeps --real}: a Fashion-MNIST MLP(256,128), lr × wd × dropout,
 * {@code --trials} (24) trials of {@code --epochs} (3) epochs of {@code --limit} (50) batches, ranked by val_acc,
 * with grid (lr 1e-4|1e-3|1e-2 × wd 1e-5|1e-3 × dropout 0|0.2|0.35|0.5), random, TPE and TPE + ASHA (eta 3,
 * first rung after epoch 1). Prints one JSON object: per strategy the wall time, the best val_acc, the epochs
 * trained and the trials pruned. Each trial's run is closed (model freed) as soon as it is recorded.
 */
public final class RealStudy {
    private RealStudy() {}

    public static void main(String[] args) throws Exception {
        int trials = 24, epochs = 3, limit = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--limit" -> limit = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; valid: --trials --epochs --limit");
            }
        }
        Path runs = Files.createTempDirectory("trainbook-real-study");
        SearchSpace ranges = SearchSpace.of().logFloat("lr", 1e-4, 1e-1).logFloat("wd", 1e-6, 1e-2).floatRange("dropout", 0, 0.5);
        SearchSpace grid = SearchSpace.of().choice("lr", "1e-4", "1e-3", "1e-2").choice("wd", "1e-5", "1e-3")
                .choice("dropout", "0", "0.2", "0.35", "0.5");
        Map<String, Object> out = new LinkedHashMap<>();
        Object[][] strategies = {
                {"grid", grid, new GridSampler(), Pruner.NONE},
                {"random", ranges, new RandomSampler(), Pruner.NONE},
                {"tpe", ranges, new TpeSampler(), Pruner.NONE},
                {"tpe+asha", ranges, new TpeSampler(), new SuccessiveHalvingPruner(1, 3, 0)}};
        final int ep = epochs, lim = limit;
        for (Object[] s : strategies) {
            int[] trained = {0};
            long t0 = System.nanoTime();
            Study study = Study.builder().space((SearchSpace) s[1]).sampler((trainbook.engine.sweep.Sampler) s[2])
                    .pruner((Pruner) s[3]).direction(Direction.MAXIMIZE).metric("val_acc").seed(1).build();
            study.optimize(h -> {
                TrainSpec spec = Trainbook.spec();
                spec.model("mlp(256,128)");
                spec.epochs(ep);
                spec.limit(lim);
                spec.lr(Double.parseDouble(h.getString("lr")));
                spec.wd(Double.parseDouble(h.getString("wd")));
                spec.dropout(Double.parseDouble(h.getString("dropout")));
                spec.monitor("val_acc");
                spec.live(false);
                spec.runsDir(runs.toString());
                TrainingListener report = new TrainingListener() {
                    @Override
                    public boolean pruneAfterEpoch(EpochRecord e) { return h.report(e.epoch(), e.valAcc()); }
                };
                RunRecord r;
                try (TrainedRun run = Trainbook.train(spec, List.of(report), false, false)) {
                    r = run.record();
                }
                trained[0] += r.epochs().size();
                if (r.stopReason() == StopReason.PRUNED) throw new TrialPruned();
                return r.epochs().stream().mapToDouble(EpochRecord::valAcc).max().orElse(Double.NaN);
            }, trials);
            double best = study.best().map(t -> t.value()).orElse(Double.NaN);
            long pruned = study.trials().stream().filter(t -> t.state() == TrialState.PRUNED).count();
            out.put((String) s[0], Map.of("seconds", (System.nanoTime() - t0) / 1e9, "best_val_acc", best,
                    "epochs_trained", trained[0], "pruned", (int) pruned, "trials", study.trials().size()));
            System.err.println(s[0] + ": " + out.get((String) s[0]));
        }
        System.out.println(new Gson().toJson(out));
    }
}
