package trainbook.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * Data handed in from a notebook cell rather than named by {@code data=}: a Tablesaw {@link Table}, a DJL
 * {@link Dataset} or ready {@link HostData}, read once into host memory so every run treats it like a named set.
 */
public final class NotebookData {
    private NotebookData() {}

    /** Converts a notebook object (Tablesaw Table or DJL Dataset) into host data. */
    public static HostData fromObject(Object o, String target, String taskHint, String name) {
        if (o instanceof HostData h) return h;
        if (o instanceof Table t) return Tabular.fromTable(t, target, taskHint, name);
        if (o instanceof Dataset ds) return fromDataset(ds, taskHint, name);
        throw new IllegalArgumentException("data object of type " + o.getClass().getName() + " is not supported;"
                + " hand in a Tablesaw Table or a DJL Dataset");
    }

    /**
     * Reads a whole DJL {@link Dataset} into host memory (first data array = features, first label array =
     * target). Integer labels, or whole-number float labels when the task is open, make a classification set.
     */
    public static HostData fromDataset(Dataset ds, String taskHint, String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            try {
                ds.prepare();
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot prepare dataset " + name + ": " + e.getMessage(), e);
            }
            List<float[]> xs = new ArrayList<>();
            List<float[]> ys = new ArrayList<>();
            long[] sample = null;
            boolean intLabels = true;
            int total = 0;
            Iterable<Batch> batches;
            try {
                batches = ds.getData(m);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot read dataset " + name + ": " + e.getMessage(), e);
            }
            for (Batch b : batches) {
                try (b) {
                    NDArray x = b.getData().head();
                    NDArray y = b.getLabels().head();
                    long bs = x.getShape().get(0);
                    long[] s = x.getShape().slice(1).getShape();
                    if (sample == null) sample = s;
                    DataType t = y.getDataType();
                    if (!t.isInteger()) intLabels = false;
                    if (y.size() != bs) {
                        throw new IllegalArgumentException("dataset " + name + ": labels of shape " + y.getShape()
                                + " — Trainbook expects one target per sample");
                    }
                    xs.add(x.toType(DataType.FLOAT32, false).toFloatArray());
                    ys.add(y.toType(DataType.FLOAT32, false).toFloatArray());
                    total += (int) bs;
                }
            }
            if (sample == null) throw new IllegalArgumentException("dataset " + name + " is empty");
            float[] x = concat(xs);
            float[] y = concat(ys);
            String task = taskHint;
            if (task == null) {
                boolean whole = true;
                for (float v : y) if (v != Math.rint(v) || v < 0) { whole = false; break; }
                task = intLabels || whole ? HostData.CLASSIFICATION : HostData.REGRESSION;
            }
            int classes = 0;
            if (HostData.CLASSIFICATION.equals(task)) {
                for (float v : y) {
                    if (v != Math.rint(v) || v < 0) {
                        throw new IllegalArgumentException("dataset " + name + ": label " + v + " is not a class index"
                                + " (expected 0, 1, 2, ...); use loss=mse for regression");
                    }
                    classes = Math.max(classes, (int) v + 1);
                }
            }
            boolean image = sample.length == 3;
            assert total == y.length;
            return new HostData(name, x, sample, y, task, classes, List.of(), image);
        }
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
