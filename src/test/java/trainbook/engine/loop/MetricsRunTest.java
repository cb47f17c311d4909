package trainbook.engine.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.data.DataSplits;
import trainbook.engine.data.Datasets;
import trainbook.engine.data.DeviceData;
import trainbook.engine.data.HostData;
import trainbook.engine.metrics.MetricAccumulator;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.store.RunStore;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** metrics= through a real run: per-epoch values, final values, monitor=val_f1, and the device reduction. */
class MetricsRunTest {
    @TempDir
    Path dir;

    TrainSpec spec(String data) {
        return LoopSpecs.small(dir, data).gradEvery(0);
    }

    @Test
    void classificationMetricsPerEpochEqualAHostComputationOfTheSameModel() {
        // 7 classes, overlapping blobs, one epoch with a small LR: top-5 and the macro scores are not all 1
        TrainSpec s = spec("blobs(n=700,classes=7,features=2)");
        s.epochs(1);
        s.lr(1e-3);
        s.metrics("acc", "top5", "f1", "precision", "recall");
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            EpochRecord e = r.epochs().get(0);
            assertEquals(List.of("val_top5", "val_f1", "val_precision", "val_recall"), List.copyOf(e.metrics().keySet()));
            DataSplits d = Datasets.load(s);
            MetricAccumulator host = new MetricAccumulator(true, 7, List.of("acc", "top5", "f1", "precision", "recall"));
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                HostData v = d.val();
                DeviceData dd = new DeviceData(v, Device.cpu(), m);
                NDArray pred = run.block().forward(new ParameterStore(m, false), new NDList(dd.xRange(m, 0, v.size())), false)
                        .singletonOrThrow();
                float[] flat = pred.toFloatArray();
                float[][] scores = new float[v.size()][7];
                long[] labels = new long[v.size()];
                for (int i = 0; i < v.size(); i++) {
                    System.arraycopy(flat, i * 7, scores[i], 0, 7);
                    labels[i] = (long) v.y()[i];
                }
                host.addScores(scores, labels);
            }
            assertEquals(host.value("acc"), e.valAcc(), 1e-12);
            for (String k : List.of("top5", "f1", "precision", "recall")) {
                assertEquals(host.value(k), e.metric("val_" + k), 1e-12, k);
                assertEquals(host.value(k), r.metric("val_" + k), 1e-12, k);
            }
            assertTrue(e.metric("val_top5") < 1 && e.metric("val_top5") > e.valAcc(), "top5 " + e.metric("val_top5"));
            Table h = run.history();
            assertEquals(List.of("epoch", "train_loss", "val_loss", "train_acc", "val_acc", "lr", "seconds", "val_top5",
                    "val_f1", "val_precision", "val_recall"), h.columnNames());
            // saved and loaded again; the CSV history carries the columns too
            RunRecord back = new RunStore(dir.toString()).load(r.name());
            assertEquals(e.metric("val_f1"), back.epochs().get(0).metric("val_f1"), 0);
            assertTrue(RunStore.epochsCsv(back).startsWith("epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds,val_top5,val_f1,"));
        }
    }

    @Test
    void monitorValF1IsMaximisedAndComputedWithoutBeingListed() {
        TrainSpec s = spec("blobs(n=400,classes=3,features=2)");
        s.epochs(4);
        s.monitor("val_f1");
        s.patience(1);
        s.minDelta(0.5); // no later epoch improves F1 by 0.5: stop after epoch 2, keep epoch 1
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertEquals(2, r.epochs().size());
            assertEquals(1, r.bestEpoch());
            assertTrue(r.epochs().get(0).metric("val_f1") > 0, "val_f1 measured for the monitor");
            assertEquals(r.epochs().get(0).metric("val_f1"), r.metric("val_f1"), 0);
            assertTrue(r.noteTexts().stream().anyMatch(n -> n.contains("best val_f1")), r.noteTexts().toString());
        }
    }

    @Test
    void regressionDefaultsToMaeAndR2AndReportsTestMetricsOnlyWhereATestSplitExists() {
        TrainSpec s = spec("linear(n=400,features=4,noise=0.1)");
        s.metrics("mae", "rmse", "r2");
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            assertTrue(r.metric("val_rmse") >= r.metric("val_mae"), "rmse ≥ mae");
            assertTrue(r.metric("val_r2") > 0.5, "r2 " + r.metric("val_r2"));
            assertEquals(r.metric("val_loss"), r.metric("val_rmse") * r.metric("val_rmse"), 1e-4, "mse = rmse²");
            assertTrue(Double.isNaN(r.metric("test_mae")), "no test split");
        }
        TrainSpec d = spec("linear(n=200,features=2)");
        d.epochs(1);
        try (TrainedRun run = Trainbook.train(d)) {
            assertEquals(List.of("val_mae", "val_r2"), List.copyOf(run.record().epochs().get(0).metrics().keySet()));
        }
    }

    @Test
    void metricsThatDoNotFitTheTaskOrDataAreOneLineErrors() {
        TrainSpec reg = spec("linear(n=100)");
        reg.metrics("f1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(reg));
        assertEquals("metrics 'f1' does not fit this regression task; valid for regression: mae, rmse, r2", e.getMessage());
        TrainSpec few = spec("blobs(n=100,classes=3)");
        few.metrics("top5");
        e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(few));
        assertTrue(e.getMessage().startsWith("metrics 'top5': the data has 3 classes"), e.getMessage());
        TrainSpec mon = spec("blobs(n=100,classes=3)");
        mon.monitor("val_r2");
        e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(mon));
        assertTrue(e.getMessage().startsWith("monitor 'val_r2' does not fit this classification task"), e.getMessage());
        assertEquals(0, new RunStore(dir.toString()).names().size(), "nothing saved for a refused run");
    }
}
