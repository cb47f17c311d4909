package trainbook.engine.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A data set living on the device as one feature tensor {@code [N, ...sample]} and one target tensor (int64 class
 * indices {@code [N]} for classification, float32 {@code [N, 1]} for regression). Batches are gathered from it
 * into the caller's (per-step) manager, so nothing per batch outlives the step.
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
        long[] shape = new long[data.sampleShape().length + 1];
        shape[0] = size;
        System.arraycopy(data.sampleShape(), 0, shape, 1, shape.length - 1);
        this.x = manager.create(data.x(), new Shape(shape));
        if (data.isClassification()) {
            long[] lab = new long[size];
            float[] yy = data.y();
            for (int i = 0; i < size; i++) lab[i] = (long) yy[i];
            this.y = manager.create(lab);
        } else {
            this.y = manager.create(data.y(), new Shape(size, 1));
        }
    }

    public int size() { return size; }
    public HostData host() { return host; }
    /** The whole feature tensor (owned by this object). */
    public NDArray x() { return x; }
    /** The whole target tensor (owned by this object). */
    public NDArray y() { return y; }
    public boolean isClassification() { return host.isClassification(); }

    /** Features of the samples {@code idx} (in that order), created in {@code into}. */
    public NDArray xAt(NDManager into, NDArray idx) {
        return x.get(into, new NDIndex("{}", idx));
    }

    /** Targets of the samples {@code idx}, created in {@code into}. */
    public NDArray yAt(NDManager into, NDArray idx) {
        return y.get(into, new NDIndex("{}", idx));
    }

    /** Features {@code [from, to)} as a view-like slice created in {@code into}. */
    public NDArray xRange(NDManager into, int from, int to) {
        return x.get(into, new NDIndex("{}:{}", from, to));
    }

    /** Targets {@code [from, to)} created in {@code into}. */
    public NDArray yRange(NDManager into, int from, int to) {
        return y.get(into, new NDIndex("{}:{}", from, to));
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
