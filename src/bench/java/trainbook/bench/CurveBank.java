package trainbook.bench;

import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Records the bank of learning curves the pruning benchmark replays ({@code bench/sweep_bench.py}, and
 * {@code PruningBankTest}): {@code --configs N} (40) Trainbook runs of {@code --model} (mlp(64,64)) on {@code --data}
 * (spirals(n=800), batch 32) with random lr (log 1e-4..0.3), weight decay (log 1e-6..1e-2), dropout (0..0.5) and
 * optimizer (adam, sgd), {@code --epochs E} (10) epochs (of at most {@code --limit B} batches when given), each
 * epoch's val_loss and val_acc. A run that stops early (diverged) repeats its last values, so every
 * curve has E epochs. Writes CSV: config,lr,wd,dropout,opt,epoch,val_loss,val_acc.
 *
 * <pre>java -cp target/classes:target/lib/* trainbook.bench.CurveBank --out src/test/resources/trainbook/sweep/curves.csv</pre>
 */
public final class CurveBank {
    private CurveBank() {}

    public static void main(String[] args) throws IOException {
        int configs = 40, epochs = 10, limit = 0;
        long seed = 2026;
        String out = "curves.csv", data = "spirals(n=800)", model = "mlp(64,64)";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--configs" -> configs = Integer.parseInt(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--limit" -> limit = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--data" -> data = args[i + 1];
                case "--model" -> model = args[i + 1];
                case "--out" -> out = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; valid: --configs --epochs --limit --seed --data --model --out");
            }
        }
        Random rnd = new Random(seed);
        Path runs = Files.createTempDirectory("trainbook-curves");
        StringBuilder csv = new StringBuilder("config,lr,wd,dropout,opt,epoch,val_loss,val_acc\n");
        for (int c = 0; c < configs; c++) {
            TrainSpec s = Trainbook.spec();
            s.model(model);
            s.batch(32);
            s.data(data);
            s.epochs(epochs);
            s.limit(limit > 0 ? limit : null);
            s.opt(rnd.nextBoolean() ? "adam" : "sgd");
            s.lr(Math.exp(Math.log(1e-4) + rnd.nextDouble() * (Math.log(0.3) - Math.log(1e-4))));
            s.wd(Math.exp(Math.log(1e-6) + rnd.nextDouble() * (Math.log(1e-2) - Math.log(1e-6))));
            s.dropout(0.5 * rnd.nextDouble());
            s.seed(seed + c);
            s.live(false);
            s.gradEvery(0);
            s.runsDir(runs.toString());
            RunRecord r;
            try (TrainedRun run = Trainbook.train(s, java.util.List.of(), false, false)) {
                r = run.record();
            }
            double vl = Double.NaN, va = Double.NaN;
            for (int e = 1; e <= epochs; e++) {
                if (e <= r.epochs().size()) {
                    EpochRecord er = r.epochs().get(e - 1);
                    if (Double.isFinite(er.valLoss())) vl = er.valLoss();
                    if (Double.isFinite(er.valAcc())) va = er.valAcc();
                }
                // a run that never finished an epoch counts as chance level
                double l = Double.isNaN(vl) ? Math.log(10) : vl, a = Double.isNaN(va) ? 0.1 : va;
                csv.append(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.4f,%s,%d,%.6f,%.6f%n", c, s.lr(), s.wd(), s.dropout(), s.opt(), e, l, a));
            }
            System.err.printf(Locale.ROOT, "config %d/%d: %s lr=%.3g → val_loss %.4f after %d epochs%n", c + 1, configs, s.opt(), s.lr(), vl,
                    r.epochs().size());
        }
        Path p = Path.of(out);
        if (p.getParent() != null) Files.createDirectories(p.getParent());
        Files.writeString(p, csv.toString());
        System.err.println("wrote " + p.toAbsolutePath());
    }
}
