package trainbook.engine.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import trainbook.engine.probe.ProcessMemory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One device copy of each data set, shared by every run that uses it: the whole feature array
 * ({@link HostData#storage()}, standardised when the data says so) and its targets, as tensors. Every split of a data
 * set (training part, validation part, a head) is a list of rows into the same copy.
 *
 * <p>Entries are counted: a run acquires one when it starts and releases it when training ends. An entry no run
 * uses stays for the next run (rerunning a cell, a sweep's next trial) while the unused entries together fit in the
 * budget ({@link #budgetBytes()}), least recently used first out; {@link #releaseUnused()} frees them all.
 */
public final class DeviceCache {
    /** System property: megabytes of unused device data kept for later runs (default: see {@link #defaultBudget}). */
    public static final String BUDGET_PROPERTY = "trainbook.dataCacheMb";
    private static final DeviceCache SHARED = new DeviceCache(defaultBudget());

    /** What an entry is a copy of: the host arrays (by identity), the device and the standardisation. */
    private record Key(Object x, Object y, String device, String stats) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.x == x && k.y == y && k.device.equals(device) && k.stats.equals(stats);
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(x), System.identityHashCode(y), device, stats);
        }
    }

    /** A device copy of one data set. */
    public final class Entry {
        private final String name;
        private final NDManager manager;
        private final NDArray x;
        private final NDArray y;
        /** For uint8 pixels: the scale, and the pending mean and std (null when none), as 0-d float32 tensors. */
        private final NDArray scale;
        private final NDArray mean;
        private final NDArray std;
        private final long bytes;
        private int users;

        private Entry(String name, NDManager manager, NDArray x, NDArray[] pixelStats, NDArray y) {
            this.name = name;
            this.manager = manager;
            this.x = x;
            this.scale = pixelStats == null ? null : pixelStats[0];
            this.mean = pixelStats == null ? null : pixelStats[1];
            this.std = pixelStats == null ? null : pixelStats[2];
            this.y = y;
            this.bytes = x.size() * x.getDataType().getNumOfBytes() + y.size() * y.getDataType().getNumOfBytes();
        }

        /**
         * The stored features {@code [N, sampleSize]} of the whole data set: float32 values, or for byte pixels
         * the uint8 pixels themselves ({@link #isBytes()}), which {@link #features} turns into values.
         */
        public NDArray x() { return x; }

        /** Whether {@link #x()} holds uint8 pixels that {@link #features} turns into float values. */
        public boolean isBytes() { return scale != null; }

        /**
         * Float32 features, as the model sees them, of rows taken from {@link #x()}: the rows themselves when they
         * are floats; for pixels, the bytes converted, scaled and standardised in place — the float operations a
         * float copy of the whole data set used to get on upload, so the values are identical to it (the
         * statistics are 0-d tensors made once, so no scalar is created per batch). Made in the rows' manager.
         */
        public NDArray features(NDArray rows) {
            if (scale == null) return rows;
            NDArray f = rows.toType(DataType.FLOAT32, false).muli(scale);
            if (mean != null) f.subi(mean).divi(std);
            return f;
        }
        /** Targets {@code [N, 1]}: int64 classes or float32 values. */
        public NDArray y() { return y; }

        /** Gives the entry back; the last user leaves it to the cache's budget. */
        public void release() { DeviceCache.this.release(this); }
    }

    /** What {@code %runs} shows of an entry. */
    public record Info(String name, String device, long bytes, int users) {}

    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long budget;

    DeviceCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    /** The kernel-wide cache. */
    public static DeviceCache shared() { return SHARED; }

    /**
     * Unused data kept for later runs: {@value #BUDGET_PROPERTY} MB when set, else a quarter of the memory the
     * process may use (the container's limit, else physical memory), at most 1 GB — on a 2 GB Binder session
     * 512 MB, room for Fashion-MNIST's training and test sets (about 220 MB).
     */
    static long defaultBudget() {
        String p = System.getProperty(BUDGET_PROPERTY);
        if (p != null) {
            try {
                return Math.max(0, Long.parseLong(p.trim())) << 20;
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return Math.min(1L << 30, ProcessMemory.limit().bytes() / 4);
    }

    /** The device copy of {@code data}'s whole feature array, made now or shared; {@link Entry#release} it. */
    public synchronized Entry acquire(HostData data, Device device) {
        Key key = new Key(data.storage(), data.rawY(), device.toString(), stats(data));
        Entry e = entries.get(key);
        if (e == null || !e.manager.isOpen()) {
            e = upload(data, device);
            entries.put(key, e);
        }
        e.users++;
        return e;
    }

    private static String stats(HostData d) {
        return d.isStandardisedView() ? Arrays.toString(d.pendingMean()) + Arrays.toString(d.pendingStd()) : "raw";
    }

    private Entry upload(HostData data, Device device) {
        NDManager m = NDManager.newBaseManager(device);
        try {
            int s = data.sampleSize();
            int n = data.rawY().length;
            NDArray x;
            byte[] px = data.rawPixels();
            NDArray[] pixelStats = null;
            boolean perFeature = data.isStandardisedView() && data.pendingMean().length != 1;
            if (px != null && !perFeature) {
                // the pixels stay bytes on the device too (a quarter of a float copy: 47 MB for Fashion-MNIST's
                // training images, not 188 MB); each batch becomes floats when it is gathered
                x = Upload.bytes(m, px, new Shape(n, s));
                pixelStats = new NDArray[]{m.create(data.pixelScale()),
                        data.isStandardisedView() ? m.create((float) data.pendingMean()[0]) : null,
                        data.isStandardisedView() ? m.create((float) data.pendingStd()[0]) : null};
            } else if (px != null) {
                NDArray bytes = Upload.bytes(m, px, new Shape(n, s));
                x = bytes.toType(DataType.FLOAT32, false).muli(data.pixelScale());
                bytes.close();
                standardiseInPlace(x, data.pendingMean(), data.pendingStd());
            } else {
                x = Upload.floats(m, data.rawX(), new Shape(n, s));
                if (data.isStandardisedView()) standardiseInPlace(x, data.pendingMean(), data.pendingStd());
            }
            float[] yy = data.rawY();
            NDArray y;
            if (data.isClassification()) {
                long[] lab = new long[yy.length];
                for (int i = 0; i < yy.length; i++) lab[i] = (long) yy[i];
                y = Upload.longs(m, lab, new Shape(yy.length, 1));
            } else {
                y = Upload.floats(m, yy, new Shape(yy.length, 1));
            }
            return new Entry(data.name(), m, x, pixelStats, y);
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
    }

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
            x.subi(Upload.floats(tmp, m, new Shape(1, m.length))).divi(Upload.floats(tmp, sd, new Shape(1, sd.length)));
        }
    }

    private synchronized void release(Entry e) {
        if (e.users > 0) e.users--;
        trim(budget);
    }

    /** Frees every entry no run uses; returns the bytes freed. */
    public synchronized long releaseUnused() {
        return trim(0);
    }

    /** Frees unused entries, least recently used first, until the unused ones fit in {@code keep} bytes. */
    private long trim(long keep) {
        long unused = 0;
        for (Entry e : entries.values()) if (e.users == 0) unused += e.bytes;
        long freed = 0;
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator(); // least recently used first
        while (unused > keep && it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.users > 0) continue;
            it.remove();
            e.manager.close();
            unused -= e.bytes;
            freed += e.bytes;
        }
        return freed;
    }

    /** Sets the budget for unused entries (tests, and a kernel that wants none kept). */
    public synchronized void budgetBytes(long bytes) {
        budget = Math.max(0, bytes);
        trim(budget);
    }

    /** The budget for unused entries. */
    public synchronized long budgetBytes() { return budget; }

    /** The entries held now, most recently used last. */
    public synchronized List<Info> entries() {
        List<Info> out = new ArrayList<>();
        for (Entry e : entries.values()) out.add(new Info(e.name, e.manager.getDevice().toString(), e.bytes, e.users));
        return out;
    }
}
