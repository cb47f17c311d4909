package trainbook.engine.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * A data set living on the device as one feature tensor {@code [N, prod(sample)]} and one target tensor
 * {@code [N, 1]} (int64 class indices for classification, float32 values for regression). Batches are gathered
 * from it with one row-select ({@code torch.embedding}, about 4× faster than DJL's advanced indexing here) into
 * the caller's per-step manager and reshaped to {@code [B, ...sample]}; labels come back as {@code [B]} (classes)
 * or {@code [B, 1]} (regression). Nothing per batch outlives the step.
 */
public final class DeviceData implements AutoCloseable {
    private final NDManager manager;
    private final NDArray x;
    private final NDArray y;
    private final int size;
    private final HostData host;

    /** Copies {@code data} to {@code device} in a sub-manager of {@code parent}. */
    public DeviceData(HostData data, Device device, NDManager parent) {
        this.host = data;
        this.manager = parent.newSubManager(device);
        this.size = data.size();
        this.sample = data.sampleShape();
        this.x = manager.create(data.rawX(), new Shape(size, data.sampleSize()));
        if (data.isStandardisedView()) standardiseInPlace(x, data.pendingMean(), data.pendingStd());
        if (data.isClassification()) {
            long[] lab = new long[size];
            float[] yy = data.y();
            for (int i = 0; i < size; i++) lab[i] = (long) yy[i];
            this.y = manager.create(lab, new Shape(size, 1));
        } else {
            this.y = manager.create(data.y(), new Shape(size, 1));
        }
    }

    private final long[] sample;

    /**
     * {@code x ← (x − mean) / std} in place, with one statistic or one per column (the host formula of
     * {@link HostData#value}, computed in float32 on the device: equal to it within one float rounding).
     */
    static void standardiseInPlace(NDArray x, double[] mean, double[] std) {
        if (mean.length == 1) {
            x.subi((float) mean[0]).divi((float) std[0]);
            return;
        }
        float[] m = new float[mean.length], sd = new float[std.length];
        for (int j = 0; j < m.length; j++) {
            m[j] = (float) mean[j];
            sd[j] = (float) std[j];
        }
        try (NDManager tmp = x.getManager().newSubManager()) {
            x.subi(tmp.create(m, new Shape(1, m.length))).divi(tmp.create(sd, new Shape(1, sd.length)));
        }
    }

    private Shape batchShape(long b) {
        long[] s = new long[sample.length + 1];
        s[0] = b;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return new Shape(s);
    }

    private NDArray labels(NDArray rows) {
        return host.isClassification() ? rows.reshape(-1) : rows;
    }

    private static NDArray rows(NDArray table, NDArray idx) {
        return table.getNDArrayInternal().embedding(idx, table, SparseFormat.DENSE).singletonOrThrow();
    }

    public int size() { return size; }
    public HostData host() { return host; }
    /** The whole feature tensor {@code [N, prod(sample)]} (owned by this object). */
    public NDArray x() { return x; }
    /** The whole target tensor {@code [N, 1]} (owned by this object). */
    public NDArray y() { return y; }
    public boolean isClassification() { return host.isClassification(); }

    /** Features of the samples {@code idx} (in that order), created in {@code into}. */
    public NDArray xAt(NDManager into, NDArray idx) {
        NDArray r = rows(x, idx);
        r.attach(into);
        return r.reshape(batchShape(idx.size()));
    }

    /** Targets of the samples {@code idx}, created in {@code into}. */
    public NDArray yAt(NDManager into, NDArray idx) {
        NDArray r = rows(y, idx);
        r.attach(into);
        return labels(r);
    }

    /** Features {@code [from, to)} as a view-like slice created in {@code into}. */
    public NDArray xRange(NDManager into, int from, int to) {
        return x.get(into, new NDIndex("{}:{}", from, to)).reshape(batchShape(to - from));
    }

    /** Targets {@code [from, to)} created in {@code into}. */
    public NDArray yRange(NDManager into, int from, int to) {
        return labels(y.get(into, new NDIndex("{}:{}", from, to)));
    }

    /**
     * The whole permutation {@code perm} as an int64 tensor in {@code into}: made once per epoch, then each batch
     * takes a slice of it ({@link #slice}) instead of copying a fresh index array from the host.
     */
    public static NDArray indexTensor(NDManager into, int[] perm) {
        return indices(into, perm, 0, perm.length);
    }

    /** Elements {@code [from, to)} of a 1-D tensor as a view created in {@code into} (one native call). */
    public static NDArray slice(NDManager into, NDArray oneD, int from, int to) {
        return oneD.get(into, new NDIndex().addSliceDim(from, to));
    }

    /**
     * Class indices of the samples {@code idx} as {@code [B, 1]} int64 rows (the form a gather along the class
     * axis takes), created in {@code into}; classification data only.
     */
    public NDArray classRowsAt(NDManager into, NDArray idx) {
        NDArray r = rows(y, idx);
        r.attach(into);
        return r;
    }

    /** An int64 index tensor for {@code idx[from, to)} in {@code into}. */
    public static NDArray indices(NDManager into, int[] idx, int from, int to) {
        long[] l = new long[to - from];
        for (int i = from; i < to; i++) l[i - from] = idx[i];
        return into.create(l);
    }

    /** Data type of the targets. */
    public DataType targetType() { return y.getDataType(); }

    @Override
    public void close() {
        manager.close();
    }
}
