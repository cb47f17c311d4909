package trainbook.engine.transfer;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.TrainSpec;
import trainbook.engine.Trainbook;
import trainbook.engine.data.ClassSubset;
import trainbook.engine.data.DataSplits;
import trainbook.engine.data.Datasets;
import trainbook.engine.data.HostData;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.loop.TrainingSession;
import trainbook.engine.optim.UpdateRule;
import trainbook.engine.optim.Optimizers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Class subsets, a new head on a warm start, a frozen body and a scaled body LR, each measured on real steps. */
class TransferTest {
    @TempDir
    Path dir;

    private TrainSpec spec() {
        TrainSpec s = Trainbook.spec().model("mlp(16)").data("blobs(n=600,classes=5,features=4)").epochs(2).batch(32)
                .lr(1e-2);
        s.runsDir(dir.toString());
        s.threads(1);
        s.live(false);
        return s;
    }

    @Test
    void classSubsetIsRelabelledInOrderAcrossTrainAndValidation() {
        DataSplits all = Datasets.load(spec());
        DataSplits sub = Datasets.load(spec().classes(4, 1));
        assertEquals(2, sub.train().numClasses());
        assertEquals(2, sub.val().numClasses());
        int[] counts = new int[2];
        for (float y : sub.train().y()) counts[(int) y]++;
        int[] source = new int[5];
        for (float y : all.train().y()) source[(int) y]++;
        for (float y : all.val().y()) source[(int) y]++;
        int[] subVal = new int[2];
        for (float y : sub.val().y()) subVal[(int) y]++;
        // class 4 became label 0, class 1 became label 1: every sample of them, and nothing else
        assertEquals(source[4], counts[0] + subVal[0]);
        assertEquals(source[1], counts[1] + subVal[1]);
        assertTrue(sub.notes().stream().map(trainbook.engine.run.RunNote::text).anyMatch(n -> n.contains("4 → 0") && n.contains("1 → 1")), sub.notes().toString());
        // the features are those of the selected samples: each relabelled row carries the original row's label
        HostData raw = all.train();
        HostData sel = raw.selectClasses(new int[]{4, 1});
        for (int i = 0; i < sel.size(); i++) {
            int row = sel.rows()[i];
            assertEquals(sel.y()[i] == 0 ? 4f : 1f, raw.rawY()[row]);
            assertEquals(sel.y()[i], sel.rawY()[row]);
        }
        assertSame(ClassSubset.select(raw, List.of(4, 1)), ClassSubset.select(raw, List.of(4, 1)), "memoised");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(spec().classes(0, 7)));
        assertTrue(e.getMessage().contains("class 7") && e.getMessage().contains("0..4"), e.getMessage());
    }

    @Test
    void trainSizeCapsTheTrainingPartOnlyAndStratifies() {
        DataSplits full = Datasets.load(spec());
        DataSplits small = Datasets.load(spec().trainSize(100));
        assertEquals(100, small.train().size());
        assertEquals(full.val().size(), small.val().size(), "validation keeps its size");
        int[] counts = new int[5];
        for (float y : small.train().y()) counts[(int) y]++;
        for (int c : counts) assertEquals(20, c, 1, "stratified: " + java.util.Arrays.toString(counts));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(spec().trainSize(5000)));
        assertTrue(e.getMessage().contains("train_size=5000") && e.getMessage().contains("only"), e.getMessage());
    }

    @Test
    void newHeadHasTheNewClassCountAndTheBodyComesFromTheSavedRun() {
        Map<String, float[]> source;
        try (TrainedRun pre = Trainbook.train(spec().classes(0, 1, 2).name("pre"))) {
            source = Transfer.snapshot(pre.block());
        }
        TrainSpec t = spec().classes(3, 4).name("fine").init("run:pre").head("new").freeze("body");
        try (TrainedRun run = Trainbook.train(t)) {
            Set<String> head = Transfer.headKeys(run.block());
            assertEquals(2, head.size(), head.toString());
            Map<String, float[]> after = Transfer.snapshot(run.block());
            for (Pair<String, Parameter> p : run.block().getParameters()) {
                String k = p.getKey();
                if (head.contains(k)) {
                    if (k.endsWith("_weight")) assertEquals(2, p.getValue().getArray().getShape().get(0), "2 outputs");
                    if (k.endsWith("_bias")) assertEquals(2, p.getValue().getArray().getShape().get(0));
                    continue;
                }
                // frozen and loaded: exactly the pretrained body after two epochs of training
                assertArrayEquals(source.get(k), after.get(k), 0f, k);
                assertFalse(p.getValue().requiresGradient(), k);
            }
            assertTrue(run.record().noteTexts().stream().anyMatch(n -> n.contains("new output layer") && n.contains("2 outputs")),
                    run.record().noteTexts().toString());
            assertTrue(run.record().noteTexts().stream().anyMatch(n -> n.startsWith("freeze=body")), run.record().noteTexts().toString());
            assertEquals("new", run.record().spec().get("head"));
            assertEquals("3,4", run.record().spec().get("classes"));
            assertTrue(run.record().epochs().get(1).valAcc() > 0.5, "the new head learns: " + run.record().epochs().get(1).valAcc());
        }
        // a saved class-subset run is rebuilt with its classes: 2 outputs, 2 classes in the confusion matrix
        var interp = Trainbook.interpret("fine", dir.toString());
        assertEquals(2, interp.classNames().size(), interp.classNames().toString());
        // head=keep cannot load a 3-output head into a 2-output model
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainbook.train(spec().classes(3, 4).name("keep").init("run:pre")));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
        // head=new without a warm start
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Trainbook.train(spec().name("nohead").head("new")));
        assertTrue(e2.getMessage().contains("init=run:NAME"), e2.getMessage());
    }

    @Test
    void frozenBodyParametersDoNotChangeAndTheHeadDoes() {
        TrainSpec s = spec().freeze("body");
        try (TrainingSession session = TrainingSession.open(s); UpdateRule opt = Optimizers.create(s.copy().opt("adam"))) {
            assertNotNull(Transfer.freeze(s, session.block()));
            Map<String, float[]> before = Transfer.snapshot(session.block());
            int[] perm = perm(session.trainData().size());
            for (int step = 0; step < 5; step++) session.trainStep(perm, step * 32, step * 32 + 32, opt, step, 1e-2f, false, null);
            Map<String, float[]> after = Transfer.snapshot(session.block());
            Set<String> head = Transfer.headKeys(session.block());
            for (String k : before.keySet()) {
                if (head.contains(k)) assertFalse(java.util.Arrays.equals(before.get(k), after.get(k)), k + " trains");
                else assertArrayEquals(before.get(k), after.get(k), 0f, k + " is frozen");
            }
            session.closeModel();
        }
    }

    @Test
    void bodyLrScalesTheBodysUpdateExactly() {
        // plain SGD (momentum 0): an update is lr × gradient, so the body's step shrinks by body_lr exactly
        Map<String, float[]> d1 = oneSgdStep(null);
        Map<String, float[]> dq = oneSgdStep(0.25);
        TrainSpec s = spec();
        Set<String> head;
        try (TrainingSession session = TrainingSession.open(s)) {
            head = Transfer.headKeys(session.block());
            session.closeModel();
        }
        for (String k : d1.keySet()) {
            float[] a = d1.get(k);
            float[] b = dq.get(k);
            double want = head.contains(k) ? 1.0 : 0.25;
            double sumA = 0;
            for (float v : a) sumA += Math.abs(v);
            assertTrue(sumA > 0, k + " moved");
            for (int i = 0; i < a.length; i++) assertEquals(a[i] * want, b[i], 1e-6 + 1e-4 * Math.abs(a[i]), k + "[" + i + "]");
        }
    }

    private Map<String, float[]> oneSgdStep(Double bodyLr) {
        TrainSpec s = spec().opt("sgd").bodyLr(bodyLr);
        try (TrainingSession session = TrainingSession.open(s); UpdateRule opt = Optimizers.create(s)) {
            String note = Transfer.scaleLr(s, session.block(), opt);
            assertEquals(bodyLr == null, note == null);
            Map<String, float[]> before = Transfer.snapshot(session.block());
            session.trainStep(perm(session.trainData().size()), 0, 32, opt, 0, 0.1f, false, null);
            Map<String, float[]> after = Transfer.snapshot(session.block());
            session.closeModel();
            Map<String, float[]> delta = new java.util.LinkedHashMap<>();
            for (String k : before.keySet()) {
                float[] d = new float[before.get(k).length];
                for (int i = 0; i < d.length; i++) d[i] = after.get(k)[i] - before.get(k)[i];
                delta.put(k, d);
            }
            return delta;
        }
    }

    private static int[] perm(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }
}
