package trainbook.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import trainbook.engine.TrainSpec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

public class DataTest {
    @TempDir
    Path dir;

    /** Writes a tiny IDX set: n images of 4×4 with pixel value (i*16 + k) % 256, labels i % 10. */
    public static void writeIdx(Path d, String split, int n, boolean gz) throws IOException {
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(img);
        o.writeInt(2051);
        o.writeInt(n);
        o.writeInt(4);
        o.writeInt(4);
        for (int i = 0; i < n; i++) for (int k = 0; k < 16; k++) o.writeByte((i * 16 + k) % 256);
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(lab);
        l.writeInt(2049);
        l.writeInt(n);
        for (int i = 0; i < n; i++) l.writeByte(i % 10);
        write(d.resolve(split + "-images-idx3-ubyte" + (gz ? ".gz" : "")), img.toByteArray(), gz);
        write(d.resolve(split + "-labels-idx1-ubyte" + (gz ? ".gz" : "")), lab.toByteArray(), gz);
    }

    static void write(Path p, byte[] b, boolean gz) throws IOException {
        try (OutputStream out = gz ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(b);
        }
    }

    @Test
    void readsIdxGzAndRaw() throws IOException {
        writeIdx(dir, "train", 30, true);
        writeIdx(dir, "t10k", 20, false);
        HostData tr = Idx.load(dir, "train", "idx", "hint");
        assertEquals(30, tr.size());
        assertArrayEquals(new long[]{1, 4, 4}, tr.sampleShape());
        assertEquals(17 / 255f, tr.x()[17], 1e-7);
        assertEquals(3f, tr.y()[13]);
        assertTrue(tr.isImage());
        HostData te = Idx.load(dir, "t10k", "idx", "hint");
        assertEquals(20, te.size());

        TrainSpec s = new TrainSpec().data("idx:" + dir);
        DataSplits d = Datasets.load(s);
        assertNotSame(d.val(), d.test(), "default validation of an IDX set comes from its training files");
        assertEquals(27, d.train().size());
        assertEquals(3, d.val().size());
        assertEquals(20, d.test().size());
        s.val("test");
        DataSplits explicit = Datasets.load(s);
        assertSame(explicit.val(), explicit.test(), "val=test: the test split, chosen explicitly");
        assertEquals(30, explicit.train().size());
        assertTrue(explicit.notes().contains(trainbook.engine.run.RunNote.setting(Datasets.VAL_IS_TEST_NOTE)), explicit.notes().toString());
        s.val(null);
        d = Datasets.load(s);
        assertTrue(d.normalized());
        double mean = 0;
        for (float v : d.train().x()) mean += v;
        assertEquals(0, mean / d.train().x().length, 1e-4);
        s.val("split=0.2");
        d = Datasets.load(s);
        assertEquals(24, d.train().size());
        assertEquals(6, d.val().size());
        assertEquals(20, d.test().size());
    }

    @Test
    void missingAndCorruptIdxFilesAreNamed() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load(new TrainSpec().data("fashion-mnist:" + dir)));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz") && e.getMessage().contains("dataset-fashion-mnist"),
                e.getMessage());
        writeIdx(dir, "train", 5, false);
        writeIdx(dir, "t10k", 5, false);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[]{0, 0, 8, 3, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(new TrainSpec().data("idx:" + dir)));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte") && e.getMessage().contains("corrupt"), e.getMessage());
        byte[] ok = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), java.util.Arrays.copyOf(ok, 40));
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(new TrainSpec().data("idx:" + dir)));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void csvWithStringLabelsAndStandardisedFeatures() throws IOException {
        Path csv = dir.resolve("iris.csv");
        StringBuilder sb = new StringBuilder("a,b,color,species\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(100 + 2 * i).append(',').append(i % 2 == 0 ? "red" : "blue").append(',')
                    .append(i % 3 == 0 ? "setosa" : i % 3 == 1 ? "versicolor" : "virginica").append('\n');
        }
        Files.writeString(csv, sb.toString());
        TrainSpec s = new TrainSpec().data("csv:" + csv).target("species");
        DataSplits d = Datasets.load(s);
        HostData tr = d.train();
        assertEquals("classification", tr.task());
        assertEquals(3, tr.numClasses());
        assertEquals(List.of("setosa", "versicolor", "virginica"), tr.classNames());
        assertArrayEquals(new long[]{4}, tr.sampleShape(), "a, b and two one-hot color columns");
        assertEquals(36, tr.size());
        assertEquals(4, d.val().size());
        // feature 1 (b) standardised on the training part
        double m = 0, sq = 0;
        for (int i = 0; i < tr.size(); i++) {
            double v = tr.x()[i * 4 + 1];
            m += v;
            sq += v * v;
        }
        assertEquals(0, m / tr.size(), 1e-5);
        assertEquals(1, sq / tr.size(), 1e-4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load(new TrainSpec().data("csv:" + csv).target("kind")));
        assertTrue(e.getMessage().contains("'kind'") && e.getMessage().contains("species"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(new TrainSpec().data("csv:nope.csv")));
        assertTrue(e.getMessage().contains("'nope.csv'"), e.getMessage());
    }

    @Test
    void tableRegressionAndDjlDataset() {
        double[] x = new double[50], y = new double[50];
        for (int i = 0; i < 50; i++) { x[i] = i; y[i] = 0.5 * i + 0.25; }
        Table t = Table.create("t", DoubleColumn.create("x", x), DoubleColumn.create("y", y));
        TrainSpec s = new TrainSpec();
        s.dataObject(t);
        s.target("y");
        DataSplits d = Datasets.load(s);
        assertEquals("regression", d.train().task());
        assertEquals(45, d.train().size());

        Table small = Table.create("s", DoubleColumn.create("f", new double[]{1, 2}), StringColumn.create("c", "a", "b"));
        assertEquals("classification", Tabular.fromTable(small, null, null, "s").task());

        try (NDManager m = NDManager.newBaseManager()) {
            NDArray fx = m.arange(40f).reshape(20, 2);
            NDArray fy = m.create(new long[]{0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1});
            ArrayDataset ds = new ArrayDataset.Builder().setData(fx).optLabels(fy).setSampling(6, false).build();
            HostData h = NotebookData.fromDataset(ds, null, "ds");
            assertEquals(20, h.size());
            assertEquals(3, h.numClasses());
            assertEquals(39f, h.x()[39]);
        }
    }

    @Test
    void syntheticSetsAndSplits() {
        HostData b = Synthetic.blobs(300, 3, 2, 1);
        assertEquals(300, b.size());
        HostData[] sp = b.split(0.2, 5);
        assertEquals(240, sp[0].size());
        assertEquals(60, sp[1].size());
        int[] counts = new int[3];
        for (float v : sp[1].y()) counts[(int) v]++;
        assertArrayEquals(new int[]{20, 20, 20}, counts, "stratified split");
        HostData[] again = b.split(0.2, 5);
        assertArrayEquals(sp[1].x(), again[1].x(), "same seed, same split");

        HostData lin = Synthetic.linear(2000, 10, 0.0, 3);
        for (int i = 0; i < 5; i++) {
            double sum = 0;
            for (int j = 0; j < 10; j++) sum += lin.x()[i * 10 + j];
            assertEquals(2 * sum + 3, lin.y()[i], 1e-4);
        }
        HostData sp2 = Synthetic.spirals(300, 3, 1);
        assertEquals(2, sp2.sampleSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load(new TrainSpec().data("blobs(n=10,colour=3)")));
        assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(new TrainSpec().data("cifar")));
        assertTrue(e.getMessage().contains("'cifar'") && e.getMessage().contains("spirals"), e.getMessage());
    }

    @Test
    void augmentationFlipsCropsAndAddsNoiseOnTheDevice() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 16f).reshape(2, 1, 4, 4);
            Augment flip = Augment.of(List.of("flip"), true, 1);
            NDArray f = flip.apply(m, x);
            assertEquals(x.getShape(), f.getShape());
            for (int i = 0; i < 2; i++) {
                NDArray xi = x.get(i), fi = f.get(i);
                assertTrue(fi.contentEquals(xi) || fi.contentEquals(xi.flip(2)), "each sample is kept or mirrored");
            }
            Augment crop = Augment.of(List.of("crop"), true, 1);
            NDArray c = crop.apply(m, x);
            assertEquals(new Shape(2, 1, 4, 4), c.getShape());
            assertEquals(x.sum().getFloat() >= c.sum().getFloat(), true, "crop only removes pixels or pads zeros");
            Augment noise = Augment.of(List.of("noise"), false, 1);
            NDArray n = noise.apply(m, x);
            double std = n.sub(x).pow(2).mean().sqrt().getFloat();
            assertEquals(Augment.NOISE_STD, std, 0.06);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augment.of(List.of("rotate"), true, 1));
            assertTrue(e.getMessage().contains("'rotate'") && e.getMessage().contains("crop"));
            assertThrows(IllegalArgumentException.class, () -> Augment.of(List.of("flip"), false, 1));
            assertNull(Augment.of(List.of(), true, 1));
        }
    }

    @Test
    void deviceDataGathersBatches() {
        HostData b = Synthetic.blobs(10, 2, 3, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            DeviceData d = new DeviceData(b, ai.djl.Device.cpu(), m);
            try (NDManager s = m.newSubManager()) {
                NDArray idx = d.indexTensor(s, new int[]{9, 3});
                NDArray xb = d.xAt(s, idx);
                assertEquals(new Shape(2, 3), xb.getShape());
                assertEquals(b.x()[27], xb.getFloat(0, 0));
                assertEquals((long) b.y()[3], d.yAt(s, idx).getLong(1));
            }
            d.close();
        }
    }

    @Test
    void standardisationIsAViewAppliedOnTheDeviceWithoutAHostCopy() {
        float[] x = {0f, 1f, 2f, 10f, 4f, Float.NaN, 6f, -3f}; // 4 samples × 2 features
        float[] y = {0, 1, 0, 1};
        HostData raw = new HostData("t", x, new long[]{2}, y, HostData.CLASSIFICATION, 2, List.of(), false);
        for (boolean perFeature : new boolean[]{false, true}) {
            Normalizer nz = Normalizer.fit(raw, perFeature);
            HostData v = nz.apply(raw);
            assertTrue(v.isStandardisedView());
            assertSame(x, v.rawX(), "the view shares the loader's array");
            double[] mean = nz.mean(), std = nz.std();
            for (int i = 0; i < x.length; i++) {
                int j = perFeature ? i % 2 : 0;
                float want = (float) ((x[i] - mean[j]) / std[j]);
                assertEquals(want, v.value(i), 0f, "value " + i);
                assertEquals(want, v.x()[i], 0f, "materialised " + i);
            }
            assertArrayEquals(new float[]{0f, 1f, 2f, 10f, 4f, Float.NaN, 6f, -3f}, x, 0f, "raw data untouched");
            // a subset keeps the pending statistics
            HostData sub = v.subset(new int[]{3, 0});
            assertEquals(v.value(6), sub.value(0), 0f);
            try (NDManager m = NDManager.newBaseManager();
                 DeviceData d = new DeviceData(v, m.getDevice(), m)) {
                float[] dev = d.xRange(m, 0, d.size()).toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    if (Float.isNaN(x[i])) assertTrue(Float.isNaN(dev[i]));
                    else assertEquals(v.value(i), dev[i], 1e-6f, "device value " + i);
                }
            }
        }
    }
}
