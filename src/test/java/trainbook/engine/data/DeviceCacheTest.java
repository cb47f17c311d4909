package trainbook.engine.data;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceCacheTest {
    private long savedBudget;

    @BeforeEach
    void emptyCache() {
        savedBudget = DeviceCache.shared().budgetBytes();
        DeviceCache.shared().releaseUnused();
    }

    @AfterEach
    void restoreBudget() {
        DeviceCache.shared().budgetBytes(savedBudget);
        DeviceCache.shared().releaseUnused();
    }

    private static long directBytes() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) return b.getMemoryUsed();
        }
        throw new AssertionError("no direct buffer pool");
    }

    @Test
    void uploadFreesItsDirectBufferAtOnceAndKeepsTheValues() {
        float[] big = new float[4_000_000]; // 16 MB
        for (int i = 0; i < big.length; i += 1000) big[i] = i;
        try (NDManager m = NDManager.newBaseManager()) {
            long before = directBytes();
            NDArray t = Upload.floats(m, big, new Shape(big.length));
            // DJL's own create(float[]) would leave a 16 MB direct buffer for the garbage collector
            assertTrue(directBytes() - before < 1_000_000, "direct memory still held: " + (directBytes() - before));
            assertEquals(big[5000], t.getFloat(5000));
            assertEquals(big[3_999_000], t.getFloat(3_999_000));
            NDArray l = Upload.longs(m, new long[]{7, -3, 1L << 40}, new Shape(3));
            assertArrayEquals(new long[]{7, -3, 1L << 40}, l.toLongArray());
        }
    }

    @Test
    void subsetsAreViewsOverTheSameArray() {
        HostData all = Synthetic.blobs(10, 2, 3, 1);
        HostData part = all.subset(new int[]{9, 2, 5});
        assertSame(all.rawX(), part.rawX(), "no feature copy");
        assertArrayEquals(new int[]{9, 2, 5}, part.rows());
        assertEquals(all.value(9 * 3 + 1), part.value(1));
        assertEquals(all.y()[2], part.y()[1]);
        HostData sub = part.subset(new int[]{2, 0});
        assertArrayEquals(new int[]{5, 9}, sub.rows(), "a subset of a subset points at the original rows");
        assertArrayEquals(new float[]{all.x()[15], all.x()[16], all.x()[17], all.x()[27], all.x()[28], all.x()[29]},
                sub.x(), 0f);
        assertEquals(6, sub.length());
        assertSame(all.y(), sub.rawY());
        assertNull(all.rows());
        assertThrows(IndexOutOfBoundsException.class, () -> part.subset(new int[]{3}));
    }

    @Test
    void splitsOfOneDataSetShareOneDeviceCopy() {
        HostData all = Synthetic.blobs(200, 3, 4, 2);
        HostData[] parts = all.split(0.25, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            DeviceData train = new DeviceData(parts[0], Device.cpu(), m);
            DeviceData val = new DeviceData(parts[1], Device.cpu(), m);
            DeviceData whole = new DeviceData(all, Device.cpu(), m);
            List<DeviceCache.Info> e = DeviceCache.shared().entries();
            assertEquals(1, e.size(), "one copy for the data set and its splits: " + e);
            assertEquals(3, e.get(0).users());
            assertEquals(200L * 4 * 4 + 200L * 8, e.get(0).bytes());
            // the validation part reads its own samples, in its own order
            NDArray xv = val.xRange(m, 0, val.size());
            assertArrayEquals(parts[1].x(), xv.toFloatArray(), 0f);
            long[] yv = val.yRange(m, 0, val.size()).toLongArray();
            for (int i = 0; i < yv.length; i++) assertEquals((long) parts[1].y()[i], yv[i]);
            NDArray idx = train.indexTensor(m, new int[]{3, 0});
            NDArray xb = train.xAt(m, idx);
            float[] want = parts[0].subset(new int[]{3, 0}).x();
            assertArrayEquals(want, xb.toFloatArray(), 0f);
            train.close();
            val.close();
            whole.close();
            whole.close(); // twice is harmless
            assertEquals(0, DeviceCache.shared().entries().get(0).users(), "kept for the next run, unused");
            assertTrue(DeviceCache.shared().releaseUnused() > 0);
            assertTrue(DeviceCache.shared().entries().isEmpty());
        }
    }

    @Test
    void unusedCopiesBeyondTheBudgetAreFreedLeastRecentlyUsedFirst() {
        HostData a = Synthetic.blobs(100, 2, 2, 1), b = Synthetic.blobs(100, 2, 2, 2), c = Synthetic.blobs(100, 2, 2, 3);
        long one = 100L * 2 * 4 + 100L * 8;
        DeviceCache.shared().budgetBytes(2 * one);
        try (NDManager m = NDManager.newBaseManager()) {
            new DeviceData(a, Device.cpu(), m).close();
            new DeviceData(b, Device.cpu(), m).close();
            DeviceData held = new DeviceData(c, Device.cpu(), m);
            assertEquals(3, DeviceCache.shared().entries().size(), "two unused fit the budget, one in use");
            DeviceCache.shared().budgetBytes(one);
            List<DeviceCache.Info> left = DeviceCache.shared().entries();
            assertEquals(2, left.size(), "the least recently used unused copy went: " + left);
            DeviceCache.shared().budgetBytes(0);
            assertEquals(1, DeviceCache.shared().entries().size(), "a copy in use is never freed");
            held.close();
            assertTrue(DeviceCache.shared().entries().isEmpty(), "with no budget the last user frees it");
        }
    }

    @Test
    void standardisedAndRawViewsOfOneArrayAreSeparateCopies() {
        HostData raw = Synthetic.blobs(50, 2, 3, 1);
        HostData std = Normalizer.fit(raw, true).apply(raw);
        try (NDManager m = NDManager.newBaseManager();
             DeviceData r = new DeviceData(raw, Device.cpu(), m);
             DeviceData s = new DeviceData(std, Device.cpu(), m)) {
            assertEquals(2, DeviceCache.shared().entries().size());
            assertEquals(raw.x()[4], r.xRange(m, 0, 50).toFloatArray()[4], 0f);
            assertEquals(std.value(4), s.xRange(m, 0, 50).toFloatArray()[4], 1e-6f);
        }
    }

    @Test
    void imagesStoredAsBytesBecomeTheSameFloatsOnTheDevice() {
        byte[] px = {0, (byte) 17, (byte) 255, (byte) 128, 3, 4, 5, (byte) 200};
        HostData img = HostData.ofPixels("img", px, 1 / 255f, new long[]{1, 2, 2}, new float[]{1, 0},
                HostData.CLASSIFICATION, 2, List.of("a", "b"));
        assertNotSame(img.rawX(), img.rawX(), "float copies are made on request, never kept");
        assertSame(px, img.storage());
        assertEquals(255 / 255f * 1f, img.value(2), 0f);
        assertEquals((200 & 0xff) * (1 / 255f), img.x()[7], 0f);
        HostData second = img.subset(new int[]{1});
        HostData std = Normalizer.fit(img, false).apply(img);
        try (NDManager m = NDManager.newBaseManager();
             DeviceData d = new DeviceData(second, Device.cpu(), m);
             DeviceData s = new DeviceData(std, Device.cpu(), m)) {
            assertArrayEquals(second.x(), d.xRange(m, 0, 1).toFloatArray(), 0f);
            float[] dev = s.xRange(m, 0, 2).toFloatArray();
            for (int i = 0; i < px.length; i++) assertEquals(std.value(i), dev[i], 1e-6f, "standardised " + i);
        }
    }

    /** The one-copy path (uint8 pixels on the device, looked up per batch) against the float copy it replaced. */
    @Test
    void bytePixelsGiveTheSameBatchesAsAFloatCopyOfTheImages() {
        int n = 300;
        int per = 28 * 28;
        java.util.Random r = new java.util.Random(5);
        byte[] px = new byte[n * per];
        r.nextBytes(px);
        for (int b = 0; b < 256; b++) px[b] = (byte) b; // every byte value: the conversion is per value, so this is all
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) labels[i] = r.nextInt(10);
        long[] shape = {1, 28, 28};
        HostData bytes = HostData.ofPixels("img", px, 1 / 255f, shape, labels, HostData.CLASSIFICATION, 10, List.of());
        HostData floats = new HostData("img", bytes.rawX(), shape, labels, HostData.CLASSIFICATION, 10, List.of(), true);
        // the default flow: a seeded validation split, statistics fitted on the training part, applied to both
        HostData[] bs = bytes.split(0.1, 3);
        HostData[] fs = floats.split(0.1, 3);
        assertArrayEquals(bs[0].rows(), fs[0].rows());
        Normalizer nb = Normalizer.fit(bs[0], false);
        Normalizer nf = Normalizer.fit(fs[0], false);
        assertArrayEquals(nf.mean(), nb.mean(), 0.0, "the byte loop's mean is bit for bit the general loop's");
        assertArrayEquals(nf.std(), nb.std(), 0.0);
        HostData newTrain = nb.apply(bs[0]);
        HostData oldTrain = nf.apply(fs[0]);
        HostData newVal = nb.apply(bs[1]);
        HostData oldVal = nf.apply(fs[1]);
        // the profile the run record keeps: the byte loop's figures are the general loop's, bit for bit
        trainbook.engine.run.DataProfile pn = trainbook.engine.probe.DataProfiler.profile("img", newTrain, 30, true);
        trainbook.engine.run.DataProfile po = trainbook.engine.probe.DataProfiler.profile("img", oldTrain, 30, true);
        assertEquals(po.inputMean(), pn.inputMean(), 0.0);
        assertEquals(po.inputStd(), pn.inputStd(), 0.0);
        assertEquals(po.inputMin(), pn.inputMin(), 0.0);
        assertEquals(po.inputMax(), pn.inputMax(), 0.0);
        assertEquals(po.nonFiniteInputs(), pn.nonFiniteInputs());
        assertArrayEquals(po.classCounts(), pn.classCounts());
        assertEquals(null, oldTrain.byteValues(), "float data has no byte table");
        try (NDManager m = NDManager.newBaseManager();
             DeviceData nt = new DeviceData(newTrain, Device.cpu(), m);
             DeviceData ot = new DeviceData(oldTrain, Device.cpu(), m);
             DeviceData nv = new DeviceData(newVal, Device.cpu(), m);
             DeviceData ov = new DeviceData(oldVal, Device.cpu(), m)) {
            List<DeviceCache.Info> held = DeviceCache.shared().entries();
            assertEquals(2, held.size(), "one copy per storage, shared by the training and validation parts");
            long byteEntry = held.stream().mapToLong(DeviceCache.Info::bytes).min().orElseThrow();
            long floatEntry = held.stream().mapToLong(DeviceCache.Info::bytes).max().orElseThrow();
            assertTrue(byteEntry < (long) n * per + n * 8L + 2048, "byte copy holds " + byteEntry + " bytes");
            assertEquals((long) n * per * 4 + n * 8L, floatEntry);
            int[] perm = HostData.permutation(nt.size(), new java.util.Random(11));
            NDArray ni = nt.indexTensor(m, perm);
            NDArray oi = ot.indexTensor(m, perm);
            for (int from = 0; from < perm.length; from += 64) {
                int to = Math.min(perm.length, from + 64);
                NDArray nx = nt.xAt(m, DeviceData.slice(m, ni, from, to));
                NDArray ox = ot.xAt(m, DeviceData.slice(m, oi, from, to));
                assertEquals(ox.getShape(), nx.getShape());
                assertEquals(ox.getDataType(), nx.getDataType());
                assertArrayEquals(ox.toFloatArray(), nx.toFloatArray(), 0f, "batch from " + from);
                assertArrayEquals(ot.yAt(m, DeviceData.slice(m, oi, from, to)).toLongArray(),
                        nt.yAt(m, DeviceData.slice(m, ni, from, to)).toLongArray());
            }
            assertArrayEquals(ov.xRange(m, 0, ov.size()).toFloatArray(), nv.xRange(m, 0, nv.size()).toFloatArray(), 0f);
            float[] first = nt.xRange(m, 0, 1).toFloatArray();
            for (int i = 0; i < per; i++) assertEquals(newTrain.value(i), first[i], 1e-6f, "host formula, value " + i);
        }
    }
}
