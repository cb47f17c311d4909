package trainbook.engine.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.doctor.Doctor;
import trainbook.doctor.rules.ValIsTestRule;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.data.DataSplits;
import trainbook.engine.data.Datasets;
import trainbook.engine.data.DeviceData;
import trainbook.engine.data.HostData;
import trainbook.engine.loss.Losses;
import trainbook.engine.run.RunRecord;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Validation comes from the training data for every data set: the default split is seeded, stratified and
 * disjoint from the test split, and a run passes over the test set exactly once — after training, on the weights
 * it keeps — while early stopping and restore-best see only validation data.
 */
class ValidationSplitTest {
    static final int TRAIN = 600, TEST = 300, CLASSES = 10;

    @TempDir
    Path dir;

    /**
     * An IDX set of 8×8 images whose first three pixels identify the sample (split, index) and whose rest leans
     * towards the class, so a linear model learns it; labels i % 10.
     */
    static void writeIdx(Path d) throws IOException {
        Random rnd = new Random(3);
        for (String split : new String[]{"train", "t10k"}) {
            int n = split.equals("train") ? TRAIN : TEST;
            try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(d.resolve(split + "-images-idx3-ubyte")))) {
                o.writeInt(2051);
                o.writeInt(n);
                o.writeInt(8);
                o.writeInt(8);
                for (int i = 0; i < n; i++) {
                    o.writeByte(split.equals("train") ? 0 : 255);
                    o.writeByte(i & 0xFF);
                    o.writeByte(i >> 8);
                    for (int k = 3; k < 64; k++) o.writeByte(k % CLASSES == i % CLASSES ? 200 + rnd.nextInt(50) : rnd.nextInt(60));
                }
            }
            try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(d.resolve(split + "-labels-idx1-ubyte")))) {
                o.writeInt(2049);
                o.writeInt(n);
                for (int i = 0; i < n; i++) o.writeByte(i % CLASSES);
            }
        }
    }

    /** The identity of each sample: its split byte and index, from the raw (unstandardised) pixels. */
    static Set<String> ids(HostData h) {
        Set<String> out = new HashSet<>();
        float[] all = h.rawX(); // the whole file's raw values; a split is a list of its rows
        int[] rows = h.rows();
        int s = h.sampleSize();
        for (int r = 0; r < h.size(); r++) {
            int i = rows == null ? r : rows[r];
            float[] x = all;
            out.add(Math.round(x[i * s] * 255) + ":" + (Math.round(x[i * s + 1] * 255) + 256 * Math.round(x[i * s + 2] * 255)));
        }
        return out;
    }

    static int[] perClass(HostData h) {
        int[] c = new int[CLASSES];
        for (float y : h.y()) c[(int) y]++;
        return c;
    }

    TrainSpec spec() {
        TrainSpec s = new TrainSpec();
        s.data("idx:" + dir);
        s.model("linear");
        s.epochs(3);
        s.batch(64);
        s.lr(1e-2);
        s.runsDir(dir.resolve("runs").toString());
        s.threads(1);
        s.gradEvery(0);
        return s;
    }

    @Test
    void defaultValidationIsASeededStratifiedSplitOfTheTrainingFilesDisjointFromTest() throws IOException {
        writeIdx(dir);
        DataSplits d = Datasets.load(spec());
        assertEquals(540, d.train().size());
        assertEquals(60, d.val().size());
        assertEquals(TEST, d.test().size());
        // stratified: 60 samples per class in the files → 6 per class in validation
        assertArrayEquals(new int[]{6, 6, 6, 6, 6, 6, 6, 6, 6, 6}, perClass(d.val()));
        Set<String> train = ids(d.train()), val = ids(d.val()), test = ids(d.test());
        assertEquals(540, train.size());
        assertEquals(60, val.size());
        assertTrue(val.stream().allMatch(id -> id.startsWith("0:")), "validation comes from the training files");
        assertTrue(test.stream().allMatch(id -> id.startsWith("255:")));
        Set<String> overlap = new HashSet<>(val);
        overlap.retainAll(train);
        assertTrue(overlap.isEmpty(), "validation and training share " + overlap);
        overlap = new HashSet<>(val);
        overlap.retainAll(test);
        assertTrue(overlap.isEmpty(), "validation and test share " + overlap);
        // seeded: the same seed gives the same split, another seed another one
        assertEquals(val, ids(Datasets.load(spec()).val()));
        TrainSpec other = spec();
        other.seed(7);
        assertNotEquals(val, ids(Datasets.load(other).val()));
        assertTrue(d.notes().toString().contains("stratified 10% split of the training data"), d.notes().toString());
    }

    @Test
    void theTestSetIsEvaluatedExactlyOnceAtTheEndOnTheRestoredWeights() throws IOException {
        writeIdx(dir);
        TrainSpec s = spec();
        s.epochs(4);
        s.patience(1);
        s.minDelta(10); // no epoch after the first improves by 10: stops after epoch 2 and restores epoch 1
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            int batchesPerPass = (TEST + TrainingSession.EVAL_BATCH - 1) / TrainingSession.EVAL_BATCH;
            assertEquals(batchesPerPass, run.session().testBatches(),
                    "forward batches over the test set: exactly one evaluation pass");
            assertEquals(2, r.epochs().size());
            assertEquals(1, r.bestEpoch());
            assertTrue(Double.isFinite(r.metric("test_acc")) && Double.isFinite(r.metric("test_loss")));
            assertEquals(r.epochs().get(0).valAcc(), r.metric("val_acc"), 0, "val_* are the kept epoch's");
            // the model holds epoch 1's weights (validation loss reproduces epoch 1's, not epoch 2's), and the
            // reported test accuracy is what those weights score on the test set
            DataSplits d = Datasets.load(s);
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                double valLoss = loss(run, d.val(), m)[0];
                assertEquals(r.epochs().get(0).valLoss(), valLoss, 1e-5);
                assertTrue(Math.abs(r.epochs().get(1).valLoss() - valLoss) > 1e-4, "epochs 1 and 2 differ");
                assertEquals(r.metric("test_acc"), loss(run, d.test(), m)[1], 1e-12);
            }
            assertTrue(Doctor.standard().diagnose(r).stream().noneMatch(f -> f.rule().equals(ValIsTestRule.ID)));
        }
    }

    /** {mean cross-entropy, accuracy} of the run's model on {@code h}, computed here in one batch. */
    static double[] loss(TrainedRun run, HostData h, NDManager m) {
        DeviceData dd = new DeviceData(h, Device.cpu(), m);
        NDArray x = dd.xRange(m, 0, h.size()), y = dd.yRange(m, 0, h.size());
        NDArray pred = run.block().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        double ce = Losses.of("ce").compute(pred, y).getFloat();
        double acc = pred.argMax(1).eq(y).sum().getLong() / (double) h.size();
        return new double[]{ce, acc};
    }

    @Test
    void valEqualsTestIsAnExplicitChoiceTheDoctorCallsOptimistic() throws IOException {
        writeIdx(dir);
        TrainSpec s = spec();
        s.val("test");
        try (TrainedRun run = Trainbook.train(s)) {
            RunRecord r = run.record();
            int batchesPerPass = (TEST + TrainingSession.EVAL_BATCH - 1) / TrainingSession.EVAL_BATCH;
            // every epoch validates on the test set, then the final measurement
            assertEquals((3 + 1) * batchesPerPass, run.session().testBatches());
            assertEquals(600, r.data().trainSize());
            assertEquals(TEST, r.data().valSize());
            var f = Doctor.standard().diagnose(r).stream().filter(x -> x.rule().equals(ValIsTestRule.ID)).toList();
            assertEquals(1, f.size());
            assertTrue(f.get(0).message().contains("optimistic") && !f.get(0).message().contains("\n"), f.get(0).message());
        }
        TrainSpec blobs = spec();
        blobs.data("blobs(n=100)");
        blobs.val("test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainbook.train(blobs));
        assertTrue(e.getMessage().startsWith("val 'test': data 'blobs(n=100)' has no test split; valid:"), e.getMessage());
    }
}
