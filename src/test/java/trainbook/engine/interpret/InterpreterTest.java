package trainbook.engine.interpret;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.data.HostData;
import trainbook.engine.loop.TrainedRun;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Interpretations against hand-computed values: pure arithmetic on given logits, then a live run whose model is the
 * identity (so its predictions are the features) on a validation set with planted errors, then a saved run rebuilt
 * from its record.
 */
class InterpreterTest {
    @TempDir
    Path dir;

    /**
     * The planted validation set: features are the logits the identity model outputs. Class 2 is partly labelled
     * where the features say 1 (rows 1 and 7), and one class-0 row looks like class 1 (row 5).
     */
    static final float[][] VAL_X = {{2, 0, 0}, {0, 3, 0}, {0, 2, 0}, {0, 0, 2}, {2, 0, 0}, {0, 2, 0}, {0, 2, 0},
            {0, 1, 0}, {0, 0, 2}, {2, 0, 0}, {0, 2, 0}};
    static final float[] VAL_Y = {0, 2, 1, 2, 0, 0, 1, 2, 2, 0, 1};
    static final long[][] EXPECTED = {{3, 1, 0}, {0, 3, 0}, {0, 2, 2}};

    static HostData planted(List<String> names) {
        float[] x = new float[VAL_X.length * 3];
        for (int i = 0; i < VAL_X.length; i++) System.arraycopy(VAL_X[i], 0, x, 3 * i, 3);
        return new HostData("planted", x, new long[]{3}, VAL_Y.clone(), HostData.CLASSIFICATION, 3, names, false);
    }

    /** ln(2 + e^k): the log-sum-exp of a row (0, k, 0). */
    static double lse(double k) {
        return Math.log(2 + Math.exp(k));
    }

    static void assertPlanted(Interpretation in) {
        assertEquals(11, in.size());
        for (int a = 0; a < 3; a++) assertArrayEquals(EXPECTED[a], in.confusion()[a], "confusion row " + a);
        assertEquals(8 / 11.0, in.accuracy(), 1e-12);
        // class 0: tp 3 of 4 samples, predicted 3 times; class 1: tp 3 of 3, predicted 6 times; class 2: tp 2 of 4
        var m = in.perClass();
        assertEquals(1.0, m.get(0).precision(), 1e-12);
        assertEquals(0.75, m.get(0).recall(), 1e-12);
        assertEquals(2 * 0.75 / 1.75, m.get(0).f1(), 1e-12);
        assertEquals(4, m.get(0).support());
        assertEquals(0.5, m.get(1).precision(), 1e-12);
        assertEquals(1.0, m.get(1).recall(), 1e-12);
        assertEquals(2 / 3.0, m.get(1).f1(), 1e-12);
        assertEquals(3, m.get(1).support());
        assertEquals(6, m.get(1).predicted());
        assertEquals(1.0, m.get(2).precision(), 1e-12);
        assertEquals(0.5, m.get(2).recall(), 1e-12);
        assertEquals(2 / 3.0, m.get(2).f1(), 1e-12);
        assertEquals(4, m.get(2).support());
        assertEquals((2 * 0.75 / 1.75 + 2 / 3.0 + 2 / 3.0) / 3, in.macroF1(), 1e-12);
        // most confused: 2 → 1 twice, then 0 → 1 once
        assertEquals(2, in.mostConfused().size());
        assertEquals(List.of(2, 1, 2L), List.of(in.mostConfused().get(0).actual(), in.mostConfused().get(0).predicted(),
                in.mostConfused().get(0).count()));
        assertEquals(List.of(0, 1, 1L), List.of(in.mostConfused().get(1).actual(), in.mostConfused().get(1).predicted(),
                in.mostConfused().get(1).count()));
        // top losses: the planted rows, the most confident mistake first
        var top = in.topLosses();
        assertEquals(List.of(1, 5, 7, 0), top.stream().map(Interpretation.TopLoss::index).toList().subList(0, 4));
        assertEquals(lse(3), top.get(0).loss(), 1e-5);
        assertEquals(lse(2), top.get(1).loss(), 1e-5);
        assertEquals(lse(1), top.get(2).loss(), 1e-5);
        assertEquals(Math.log(2 + Math.exp(2)) - 2, top.get(3).loss(), 1e-5, "ties (rows 0, 4, 9) go by index");
        assertEquals(1 / (2 + Math.exp(3)), top.get(0).probActual(), 1e-6);
        assertEquals(Math.exp(3) / (2 + Math.exp(3)), top.get(0).probPredicted(), 1e-6);
        assertEquals(2, top.get(0).actual());
        assertEquals(1, top.get(0).predicted());
        assertArrayEquals(new float[]{0, 3, 0}, top.get(0).sample());
        double mean = 0;
        for (int i = 0; i < VAL_X.length; i++) {
            float[] r = VAL_X[i];
            double l = Math.log(Math.exp(r[0]) + Math.exp(r[1]) + Math.exp(r[2])) - r[(int) VAL_Y[i]];
            mean += l / VAL_X.length;
        }
        assertEquals(mean, in.meanLoss(), 1e-5);
    }

    @Test
    void confusionMetricsAndTopLossesFromGivenLogits() {
        HostData d = planted(List.of("zero", "one", "two"));
        Interpretation in = Interpreter.fromOutputs("r", "val", d, d.x().clone(), 3, 4, null, List.of(), List.of());
        assertPlanted(in);
        assertEquals(List.of("zero", "one", "two"), in.classNames());
        assertEquals("two", in.mostConfused().get(0).actualName());
        assertEquals("one", in.topLosses().get(0).predictedName());
        assertTrue(in.summary().contains("most confused: two → one (2)"), in.summary());
    }

    @Test
    void oneLogitIsASigmoidOverTwoClasses() {
        float[] x = {0, 0, 0, 0};
        HostData d = new HostData("b", x, new long[]{1}, new float[]{0, 1, 1, 0}, HostData.CLASSIFICATION, 2, List.of(), false);
        float[] logits = {-2, 1, -1, 3}; // predicted: 0, 1, 0, 1
        Interpretation in = Interpreter.fromOutputs("b", "val", d, logits, 1, 2, null, List.of(), List.of());
        assertArrayEquals(new long[]{1, 1}, in.confusion()[0]);
        assertArrayEquals(new long[]{1, 1}, in.confusion()[1]);
        assertEquals(List.of("0", "1"), in.classNames(), "class indices when the data has no names");
        // highest loss: row 3 (actual 0, logit 3): −ln(1 − σ(3)) = ln(1 + e³)
        assertEquals(3, in.topLosses().get(0).index());
        assertEquals(Math.log(1 + Math.exp(3)), in.topLosses().get(0).loss(), 1e-9);
        assertEquals(2, in.topLosses().get(1).index());
        assertEquals(Math.log(1 + Math.exp(1)), in.topLosses().get(1).loss(), 1e-9);
    }

    @Test
    void regressionResidualsAndScores() {
        float[] y = {1, 2, 3, 4};
        float[] pred = {1.5f, 2, 1, 4.25f};
        HostData d = new HostData("lin", new float[4], new long[]{1}, y, HostData.REGRESSION, 0, List.of(), false);
        Interpretation in = Interpreter.fromOutputs("lin", "val", d, pred, 1, 3, "mae", List.of(), List.of());
        assertFalse(in.isClassification());
        assertEquals(List.of(2, 0, 3), in.residuals().stream().map(Interpretation.Residual::index).toList());
        assertEquals(-2, in.residuals().get(0).residual(), 1e-6);
        assertEquals(2, in.residuals().get(0).loss(), 1e-6, "mae: the absolute residual");
        assertEquals((0.5 + 0 + 2 + 0.25) / 4, in.mae(), 1e-6);
        assertEquals(Math.sqrt((0.25 + 0 + 4 + 0.0625) / 4), in.rmse(), 1e-6);
        assertEquals(1 - (0.25 + 4 + 0.0625) / 5.0, in.r2(), 1e-6);
        assertEquals(in.mae(), in.meanLoss(), 1e-9);
        assertEquals(0, in.confusion().length);
    }

    @Test
    void topSamplesAreReadThroughRowViewsBeforeStandardisation() {
        // three 1×1×2 "images" stored as bytes; the split holds samples 2 and 0, standardised (a view)
        byte[] px = {0, (byte) 255, 10, 20, (byte) 200, 100};
        HostData all = HostData.ofPixels("p", px, 1 / 255f, new long[]{1, 1, 2}, new float[]{0, 1, 1},
                HostData.CLASSIFICATION, 2, List.of("a", "b"));
        HostData val = all.subset(new int[]{2, 0}).standardised(new double[]{0.5}, new double[]{0.25});
        // sample 0 of the split (data row 2, class 1) gets the higher loss
        Interpretation in = Interpreter.fromOutputs("p", "val", val, new float[]{3, 0, 0, 1}, 2, 2, null, List.of(), List.of());
        assertEquals(0, in.topLosses().get(0).index());
        assertArrayEquals(new float[]{200 / 255f, 100 / 255f}, in.topLosses().get(0).sample(), 1e-7f);
        assertArrayEquals(new float[]{0, 1}, in.topLosses().get(1).sample(), 1e-7f);
        float[] x = {1, 2, 3, 4, 5, 6};
        HostData floats = new HostData("f", x, new long[]{2}, new float[]{0, 1, 0}, HostData.CLASSIFICATION, 2,
                List.of(), false).subset(new int[]{1});
        assertArrayEquals(new float[]{3, 4}, OutputScoring.rawSample(floats, 0));
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        HostData d = planted(List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpreter.fromOutputs("r", "val", d, new float[5], 3, 4, null, List.of(), List.of()));
        assertTrue(e.getMessage().contains("5 outputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Interpreter.checkSplit("valid"));
        assertEquals("split 'valid': valid: val, test, train", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Interpreter.checkTop(101));
        assertTrue(e.getMessage().startsWith("top '101'"), e.getMessage());
    }

    @Test
    void liveRunWithAModelWhosePredictionsAreKnown() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] flat = planted(List.of()).x().clone();
            ArrayDataset val = new ArrayDataset.Builder().setData(m.create(flat, new Shape(VAL_X.length, 3)))
                    .optLabels(m.create(VAL_Y.clone())).setSampling(4, false).build();
            ArrayDataset train = new ArrayDataset.Builder().setData(m.create(flat, new Shape(VAL_X.length, 3)))
                    .optLabels(m.create(VAL_Y.clone())).setSampling(4, false).build();
            Block net = Linear.builder().setUnits(3).optBias(false).build();
            TrainSpec spec = Trainbook.spec().model(net).data(train).epochs(1).batch(4).limit(1).opt("sgd").lr(1e-9)
                    .name("planted");
            spec.valObject(val);
            spec.runsDir(dir.toString());
            spec.threads(1);
            try (TrainedRun run = Trainbook.train(spec)) {
                // the model whose predictions we control: logits = features
                net.getParameters().get("weight").getArray().set(new float[]{1, 0, 0, 0, 1, 0, 0, 0, 1});
                Interpretation in = Trainbook.interpret(run, "val", 4);
                assertPlanted(in);
                assertEquals("planted", in.run());
                assertEquals("val", in.split());
                assertTrue(in.notes().get(0).contains("once, in inference mode"), in.notes().toString());
                // the training split is the same rows here
                assertArrayEquals(EXPECTED[2], Trainbook.interpret(run, "train", 0).confusion()[2]);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Trainbook.interpret(run, "test", 4));
                assertTrue(e.getMessage().contains("no test split"), e.getMessage());
            }
            // saved, but trained on notebook objects: the record alone cannot rebuild it
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Trainbook.interpret("planted", dir.toString()));
            assertTrue(e.getMessage().contains("notebook object (model=<Linear>, data=<ArrayDataset>, val=<ArrayDataset>)"),
                    e.getMessage());
        }
    }

    /** Users of the shared device data, over every entry (other tests' runs may hold some). */
    static int users() {
        return trainbook.engine.data.DeviceCache.shared().entries().stream()
                .mapToInt(trainbook.engine.data.DeviceCache.Info::users).sum();
    }

    @Test
    void savedRunIsRebuiltFromItsRecordAndParameters() {
        TrainSpec spec = Trainbook.spec().model("mlp(8)").data("blobs(n=300,classes=3)").epochs(1).batch(32)
                .lr(1e-2).name("blobsrun").dropout(0.2);
        // batch norm's running statistics and dropout's inference mode must survive the rebuild
        spec.norm("batchnorm");
        spec.runsDir(dir.toString());
        spec.threads(1);
        Interpretation live;
        TrainedRun closed;
        try (TrainedRun run = Trainbook.train(spec)) {
            live = Trainbook.interpret(run);
            closed = run;
        }
        // a released run's model is gone: its saved parameters are the same weights
        assertTrue(closed.isReleased());
        assertEquals(live.meanLoss(), Trainbook.interpret(closed).meanLoss(), 1e-5);
        // an interrupt stops the evaluation between batches
        trainbook.engine.Cancellation.current().requestStop();
        try {
            var stop = assertThrows(java.util.concurrent.CancellationException.class,
                    () -> Trainbook.interpret("blobsrun", dir.toString()));
            assertEquals("stopped by an interrupt after 0 of 30 samples", stop.getMessage());
        } finally {
            trainbook.engine.Cancellation.current().reset();
        }
        int usersBefore = users();
        Interpretation saved = Trainbook.interpret("blobsrun", dir.toString());
        assertEquals(30, saved.size(), "the same seeded 10% validation split");
        assertEquals(usersBefore, users(), "the evaluation gave its share of the device data back");
        for (int a = 0; a < 3; a++) assertArrayEquals(live.confusion()[a], saved.confusion()[a]);
        assertEquals(live.meanLoss(), saved.meanLoss(), 1e-5);
        assertEquals(live.topLosses().get(0).index(), saved.topLosses().get(0).index());
        assertEquals(Interpreter.DEFAULT_TOP, saved.topLosses().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainbook.interpret("nosuch", dir.toString()));
        assertTrue(e.getMessage().contains("run 'nosuch' not found") && e.getMessage().contains("blobsrun"), e.getMessage());
    }
}
