package trainbook.engine.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * A data set on the device: rows of a shared copy of its whole feature array ({@link DeviceCache}, one tensor
 * {@code [N, prod(sample)]} and one target tensor {@code [N, 1]}: int64 class indices for classification, float32
 * values for regression). Batches are gathered from it with one row-select ({@code torch.embedding}, about 4×
 * faster than DJL's advanced indexing here) into the caller's per-step manager and reshaped to {@code [B, ...sample]};
 * labels come back as {@code [B]} (classes) or {@code [B, 1]} (regression). Nothing per batch outlives the step.
 *
 * <p>Batch indices are rows of the shared copy: make them with {@link #indexTensor}, which maps this data's sample
 * order onto them (once per epoch, on the host).
 */
public final class DeviceData implements AutoCloseable {
    private final NDManager manager;
    private final DeviceCache.Entry shared;
    private final NDArray x;
    private final NDArray y;
    /** Rows of {@link #x} this data holds, as an int64 tensor, or null for all of them. */
    private final NDArray rowsTensor;
    private final int[] rows;
    private final int size;
    private final HostData host;
    private final long[] sample;

    /** This data on {@code device}: its rows of the shared copy ({@link DeviceCache#shared()}). */
    public DeviceData(HostData data, Device device, NDManager parent) {
        this.host = data;
        this.size = data.size();
        this.sample = data.sampleShape();
        this.rows = data.rows();
        this.manager = parent.newSubManager(device);
        this.shared = DeviceCache.shared().acquire(data, device);
        this.x = shared.x();
        this.y = shared.y();
        NDArray r = null;
        try {
            if (rows != null) {
                long[] l = new long[rows.length];
                for (int i = 0; i < l.length; i++) l[i] = rows[i];
                r = Upload.longs(manager, l, new Shape(l.length));
            }
        } catch (RuntimeException | Error e) {
            shared.release();
            manager.close();
            throw e;
        }
        this.rowsTensor = r;
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
    public boolean isClassification() { return host.isClassification(); }

    /** Features of the rows {@code idx} (from {@link #indexTensor}), created in {@code into}. */
    public NDArray xAt(NDManager into, NDArray idx) {
        NDArray r = rows(x, idx);
        r.attach(into);
        return values(r, idx.size());
    }

    /** Stored rows as the model's float inputs of batch shape (byte pixels converted: {@link DeviceCache.Entry#features}). */
    private NDArray values(NDArray stored, long b) {
        if (!shared.isBytes()) return stored.reshape(batchShape(b));
        NDArray v = shared.features(stored.reshape(batchShape(b)));
        stored.close();
        return v;
    }

    /** Targets of the rows {@code idx} (from {@link #indexTensor}), created in {@code into}. */
    public NDArray yAt(NDManager into, NDArray idx) {
        NDArray r = rows(y, idx);
        r.attach(into);
        return labels(r);
    }

    /**
     * Class indices of the rows {@code idx} as {@code [B, 1]} int64 rows (the form a gather along the class axis
     * takes), created in {@code into}; classification data only.
     */
    public NDArray classRowsAt(NDManager into, NDArray idx) {
        NDArray r = rows(y, idx);
        r.attach(into);
        return r;
    }

    /** Rows of samples {@code [from, to)} of this data, created in {@code into}. */
    private NDArray rangeRows(NDManager into, int from, int to) {
        return rowsTensor.get(into, new NDIndex().addSliceDim(from, to));
    }

    /** Features of samples {@code [from, to)}, created in {@code into}. */
    public NDArray xRange(NDManager into, int from, int to) {
        if (rowsTensor == null) return values(x.get(into, new NDIndex("{}:{}", from, to)), to - from);
        return xAt(into, rangeRows(into, from, to));
    }

    /** Targets of samples {@code [from, to)}, created in {@code into}. */
    public NDArray yRange(NDManager into, int from, int to) {
        if (rowsTensor == null) return labels(y.get(into, new NDIndex("{}:{}", from, to)));
        return yAt(into, rangeRows(into, from, to));
    }

    /**
     * The samples {@code perm} (positions in this data) as rows of the shared copy, an int64 tensor in
     * {@code into}: made once per epoch, then each batch takes a slice of it ({@link #slice}).
     */
    public NDArray indexTensor(NDManager into, int[] perm) {
        long[] l = new long[perm.length];
        for (int i = 0; i < perm.length; i++) l[i] = rows == null ? perm[i] : rows[perm[i]];
        return Upload.longs(into, l, new Shape(l.length));
    }

    /** Elements {@code [from, to)} of a 1-D tensor as a view created in {@code into} (one native call). */
    public static NDArray slice(NDManager into, NDArray oneD, int from, int to) {
        return oneD.get(into, new NDIndex().addSliceDim(from, to));
    }

    /** Data type of the targets. */
    public DataType targetType() { return y.getDataType(); }

    /** Releases this data's rows and its use of the shared copy (which the cache may keep for the next run). */
    @Override
    public void close() {
        if (!manager.isOpen()) return;
        manager.close();
        shared.release();
    }
}
