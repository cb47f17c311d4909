package trainbook.engine.loop;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;

import java.util.List;

/** A run's history as Tablesaw tables (NaN where a value was not measured). */
public final class History {
    private History() {}

    /** Columns step, epoch, batch, lr, loss, grad_norm, update_ratio, millis. */
    public static Table steps(RunRecord r) {
        List<StepRecord> s = r.steps();
        int n = s.size();
        int[] step = new int[n], epoch = new int[n], batch = new int[n];
        double[] lr = new double[n], loss = new double[n], gn = new double[n], ur = new double[n], ms = new double[n];
        for (int i = 0; i < n; i++) {
            StepRecord x = s.get(i);
            step[i] = x.step();
            epoch[i] = x.epoch();
            batch[i] = x.batch();
            lr[i] = x.lr();
            loss[i] = x.loss();
            gn[i] = x.gradNorm();
            ur[i] = x.updateRatio();
            ms[i] = x.millis();
        }
        return Table.create(r.name() + " steps", IntColumn.create("step", step), IntColumn.create("epoch", epoch),
                IntColumn.create("batch", batch), DoubleColumn.create("lr", lr), DoubleColumn.create("loss", loss),
                DoubleColumn.create("grad_norm", gn), DoubleColumn.create("update_ratio", ur),
                DoubleColumn.create("millis", ms));
    }

    /**
     * Columns epoch, train_loss, val_loss, train_acc, val_acc, lr, seconds, then one column per further metric
     * the run measured ({@code val_f1}, {@code val_rmse}, ...; {@code metrics=}), in the order first recorded.
     */
    public static Table epochs(RunRecord r) {
        List<EpochRecord> e = r.epochs();
        int n = e.size();
        int[] epoch = new int[n];
        double[] tl = new double[n], vl = new double[n], ta = new double[n], va = new double[n], lr = new double[n],
                sec = new double[n];
        for (int i = 0; i < n; i++) {
            EpochRecord x = e.get(i);
            epoch[i] = x.epoch();
            tl[i] = x.trainLoss();
            vl[i] = x.valLoss();
            ta[i] = x.trainAcc();
            va[i] = x.valAcc();
            lr[i] = x.lr();
            sec[i] = x.seconds();
        }
        Table t = Table.create(r.name() + " epochs", IntColumn.create("epoch", epoch), DoubleColumn.create("train_loss", tl),
                DoubleColumn.create("val_loss", vl), DoubleColumn.create("train_acc", ta),
                DoubleColumn.create("val_acc", va), DoubleColumn.create("lr", lr), DoubleColumn.create("seconds", sec));
        for (String key : metricKeys(r)) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = e.get(i).metric(key);
            t.addColumns(DoubleColumn.create(key, v));
        }
        return t;
    }

    /** The further metrics of a run's epochs ({@code val_f1}, ...), in the order first recorded. */
    public static List<String> metricKeys(RunRecord r) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        for (EpochRecord x : r.epochs()) keys.addAll(x.metrics().keySet());
        return List.copyOf(keys);
    }
}
