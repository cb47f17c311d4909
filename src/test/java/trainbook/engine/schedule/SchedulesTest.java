package trainbook.engine.schedule;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SchedulesTest {
    static final double EPS = 1e-12;

    // Per-step LRs from torch.optim.lr_scheduler (PyTorch 1.13.1), base LR 0.1 unless stated:
    // OneCycleLR(max_lr=0.1, total_steps=100); OneCycleLR(max_lr=0.05, total_steps=7, pct_start=0.25,
    // div_factor=10, final_div_factor=100); CosineAnnealingLR(T_max=10, eta_min=0.001); StepLR(3, 0.5);
    // MultiStepLR([2, 5], 0.1); ExponentialLR(0.9).
    static final double[] TORCH_ONECYCLE = {
            0.004, 0.00428137805659075, 0.00512221332591585, 0.00651264778322548, 0.00843637985579407, 0.0108708555439557,
            0.0137875328461291, 0.0171522163876897, 0.0209254583304723, 0.0250630208626056, 0.0295163948464101, 0.0342333685436841,
            0.0391586397505974, 0.0442344641654673, 0.0494013323879, 0.0545986676121, 0.0597655358345327, 0.0648413602494026,
            0.0697666314563159, 0.0744836051535899, 0.0789369791373944, 0.0830745416695277, 0.0868477836123103, 0.0902124671538709,
            0.0931291444560443, 0.0955636201442059, 0.0974873522167745, 0.0988777866740842, 0.0997186219434093, 0.1,
            0.0999496535284524, 0.0997987155049032, 0.0995474898984444, 0.0991964826440138, 0.0987464006235087, 0.0981981502422205,
            0.0975528356034544, 0.0968117562850127, 0.095976404722018, 0.0950484632013474, 0.0940298004737305, 0.0929224679903346,
            0.0917286957714144, 0.0904508879153485, 0.089091617757105, 0.0876536226858874, 0.0861397986323968, 0.0845531942368134,
            0.0828970047092405, 0.0811745653949763, 0.0793893450575732, 0.0775449388932088, 0.0756450612904398, 0.0736935383499174,
            0.0716943001791301, 0.0696513729776898, 0.0675688709291023, 0.0654509879153485, 0.0633019890709646, 0.0611262021936289,
            0.0589280090285529, 0.0567118364442296, 0.0544821475173099, 0.0522434325445597, 0.0500002, 0.0477569674554403,
            0.0455182524826901, 0.0432885635557704, 0.0410723909714471, 0.0388741978063711, 0.0366984109290354, 0.0345494120846515,
            0.0324315290708977, 0.0303490270223102, 0.0283060998208699, 0.0263068616500826, 0.0243553387095602, 0.0224554611067912,
            0.0206110549424268, 0.0188258346050237, 0.0171033952907596, 0.0154472057631866, 0.0138606013676032, 0.0123467773141127,
            0.010908782242895, 0.00954951208465151, 0.00827170422858561, 0.00707793200966542, 0.00597059952626947, 0.00495193679865263,
            0.00402399527798198, 0.00318864371498727, 0.00244756439654558, 0.00180224975777948, 0.00125399937649126, 0.000803917355986236,
            0.000452910101555619, 0.000201684495096846, 5.07464715475788e-05, 4e-07};
    static final double[] TORCH_ONECYCLE7 = {
            0.005, 0.0497210498849726, 0.0433329704989499, 0.030582460325559, 0.0159006079164493, 0.00438968661145803,
            5e-05};
    static final double[] TORCH_COSINE = {
            0.1, 0.0975772975566101, 0.0905463412215599, 0.0795953699884774, 0.0657963412215599, 0.0505,
            0.0352036587784401, 0.0214046300115226, 0.0104536587784401, 0.0034227024433899, 0.001};
    static final double[] TORCH_STEP = {
            0.1, 0.1, 0.1, 0.05, 0.05, 0.05,
            0.025, 0.025, 0.025, 0.0125};
    static final double[] TORCH_MULTISTEP = {
            0.1, 0.1, 0.01, 0.01, 0.01, 0.001,
            0.001, 0.001};
    static final double[] TORCH_EXP = {
            0.1, 0.09, 0.081, 0.0729, 0.06561, 0.059049};

    @Test
    void matchesTorchSchedulers() {
        assertArrayEquals(TORCH_ONECYCLE, Schedules.oneCycle(0.1, 100).preview(100), 1e-12);
        assertArrayEquals(TORCH_ONECYCLE7, Schedules.oneCycle(0.05, 7, 0.25, 10, 0.05 / 10 / 100).preview(7), 1e-12);
        assertArrayEquals(TORCH_COSINE, Schedules.cosine(0.1, 0.001, 10).preview(11), 1e-12);
        assertArrayEquals(TORCH_STEP, Schedules.step(0.1, 3, 0.5).preview(10), 1e-12);
        assertArrayEquals(TORCH_MULTISTEP, Schedules.multistep(0.1, new int[]{2, 5}, 0.1).preview(8), 1e-12);
        assertArrayEquals(TORCH_EXP, Schedules.exponential(0.1, 0.9, 1).preview(6), 1e-12);
    }

    @Test
    void constantStepMultistepExponential() {
        assertEquals(0.01, Schedules.constant(0.01).lr(12345), EPS);
        Schedule st = Schedules.step(0.1, 30, 0.5);
        assertEquals(0.1, st.lr(0), EPS);
        assertEquals(0.1, st.lr(29), EPS);
        assertEquals(0.05, st.lr(30), EPS);
        assertEquals(0.1 * 0.125, st.lr(95), EPS);
        Schedule ms = Schedules.multistep(1.0, new int[]{50, 10}, 0.1); // any order
        assertEquals(1.0, ms.lr(9), EPS);
        assertEquals(0.1, ms.lr(10), EPS);
        assertEquals(0.1, ms.lr(49), EPS);
        assertEquals(0.01, ms.lr(50), 1e-15);
        Schedule ex = Schedules.exponential(0.1, 0.5, 4);
        assertEquals(0.1, ex.lr(0), EPS);
        assertEquals(0.05, ex.lr(4), EPS);   // equals ExponentialLR at epoch boundaries
        assertEquals(0.025, ex.lr(8), EPS);
        assertEquals(0.1 * Math.pow(0.5, 0.5), ex.lr(2), EPS); // smooth inside an epoch
    }

    @Test
    void cosineHitsEndsAndMidpoint() {
        Schedule c = Schedules.cosine(0.1, 0.001, 100);
        assertEquals(0.1, c.lr(0), EPS);
        assertEquals(0.001 + 0.099 * 0.5, c.lr(50), EPS);
        assertEquals(0.001 + 0.099 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), c.lr(25), EPS);
        assertEquals(0.001, c.lr(100), EPS);
        assertEquals(0.001, c.lr(500), EPS); // constant afterwards
        // final above initial is allowed: the curve rises
        assertEquals(0.2, Schedules.cosine(0.1, 0.2, 10).lr(10), EPS);
    }

    @Test
    void oneCycleMatchesPyTorchPhases() {
        // OneCycleLR(max_lr=0.1, total_steps=100): initial 0.004, peak at step 29, min 4e-7 at step 99
        Schedule oc = Schedules.oneCycle(0.1, 100);
        assertEquals(0.1 / 25, oc.lr(0), EPS);
        assertEquals(0.1, oc.lr(29), EPS);
        assertEquals(0.1 / 25 / 1e4, oc.lr(99), EPS);
        double pct = 14.0 / 29;
        assertEquals(0.1 + (0.004 - 0.1) / 2 * (1 + Math.cos(Math.PI * pct)), oc.lr(14), EPS);
        double down = (64 - 29) / 70.0;
        assertEquals(4e-6 + (0.1 - 4e-6) / 2 * (1 + Math.cos(Math.PI * down)), Schedules.oneCycle(0.1, 100, 0.3, 25, 4e-6).lr(64), EPS);
        assertEquals(0.1 / 25 / 1e4, oc.lr(1000), EPS);
        // degenerate lengths stay finite
        for (int s = 0; s < 3; s++) assertTrue(Double.isFinite(Schedules.oneCycle(0.1, 1).lr(s)));
        assertTrue(Double.isFinite(Schedules.oneCycle(0.1, 10, 0.1, 25, 0).lr(0)));
    }

    @Test
    void linearAndExponentialWarmupComposeWithAnySchedule() {
        Schedule lin = Schedules.warmup(Schedules.step(0.1, 10, 0.1), 4);
        assertArrayEquals(new double[]{0.025, 0.05, 0.075, 0.1, 0.1}, lin.preview(5), EPS);
        assertEquals(0.01, lin.lr(14), EPS); // step schedule starts after the warmup
        Schedule from = Schedules.warmup(Schedules.constant(1.0), 4, 0.2, "linear");
        assertEquals(0.2 + 0.8 * 0.25, from.lr(0), EPS);
        assertEquals(1.0, from.lr(3), EPS);
        Schedule exp = Schedules.warmup(Schedules.constant(1.0), 4, 0.01, "exp");
        assertEquals(Math.pow(0.01, 0.75), exp.lr(0), EPS);
        assertEquals(0.1, exp.lr(1), EPS);
        assertEquals(1.0, exp.lr(3), EPS);
        // geometric: equal ratios between consecutive warmup steps
        assertEquals(exp.lr(1) / exp.lr(0), exp.lr(2) / exp.lr(1), 1e-12);
        assertSame(Schedules.constant(1.0).getClass(), Schedules.warmup(Schedules.constant(1.0), 0).getClass());
    }

    /** Guide 001: LambdaLR with 5 epochs of linear warmup to 0.01, then cosine towards 0.001 over 45 epochs. */
    @Test
    void guide001LambdaLrExampleInOneLine() {
        int spe = 1;
        Schedule s = Schedules.warmup(Schedules.cosine(0.01, 0.001, 45 * spe), 5 * spe);
        for (int epoch = 0; epoch < 50; epoch++) {
            double guide = epoch < 5 ? 0.01 * (epoch + 1) / 5.0
                    : 0.001 + (0.01 - 0.001) * 0.5 * (1 + Math.cos((epoch - 5) / 45.0 * Math.PI));
            assertEquals(guide, s.lr(epoch), 1e-12, "epoch " + epoch);
        }
        // the same thing as a literal LambdaLR over epochs, with 100 steps per epoch
        Schedule lambda = Schedules.lambda(0.01, 100, e -> e < 5 ? (e + 1) / 5.0
                : (0.001 + 0.009 * 0.5 * (1 + Math.cos((e - 5) / 45.0 * Math.PI))) / 0.01);
        assertEquals(0.002, lambda.lr(99), 1e-12);
        assertEquals(0.004, lambda.lr(100), 1e-12);
        assertEquals(0.01, lambda.lr(500), 1e-12);
        assertEquals(s.lr(20), lambda.lr(2050), 1e-12);
        assertEquals("warmup 5 steps linear → cosine 0.01 → 1e-3 over 45 steps", s.describe());
    }

    @Test
    void fromSpecCosineWithWarmupInEpochs() {
        TrainSpec spec = new TrainSpec().sched("cosine").warmupEpochs(1).epochs(5).lr(0.01);
        Schedule s = Schedules.fromSpec(spec, 0.01, 10);
        assertEquals(0.001, s.lr(0), EPS);
        assertEquals(0.01, s.lr(9), EPS);
        assertEquals(0.01, s.lr(10), EPS);
        assertEquals(0.0001 + 0.0099 * 0.5, s.lr(30), EPS); // middle of the 40 cosine steps
        assertEquals(0.0001, s.lr(50), EPS);                // final = lr/100 by default
        assertEquals("warmup 1 epoch linear → cosine 0.01 → 1e-4 over 4 epochs", s.describe());
        spec.finalLr(0.0);
        spec.warmupSteps(5);           // steps win over epochs
        spec.warmupMode("exp");
        Schedule s2 = Schedules.fromSpec(spec, 0.01, 10);
        assertEquals(0.01 * Math.pow(0.01, 0.8), s2.lr(0), EPS);
        assertEquals(0.01, s2.lr(5), EPS);
        assertEquals(0.0, s2.lr(50), EPS);
        assertEquals("warmup 5 steps exp from ×0.01 → cosine 0.01 → 0 over 45 steps", s2.describe());
    }

    @Test
    void fromSpecCalendarSchedulesKeepAbsoluteEpochs() {
        TrainSpec spec = new TrainSpec().sched("step").epochs(6).warmupEpochs(1);
        spec.stepSize(2);
        spec.gamma(0.5);
        Schedule s = Schedules.fromSpec(spec, 0.1, 10);
        assertEquals(0.01, s.lr(0), EPS);   // warmup
        assertEquals(0.1, s.lr(19), EPS);
        assertEquals(0.05, s.lr(20), EPS);  // decay at epoch 2 as asked, despite the warmup
        assertEquals(0.025, s.lr(40), EPS);
        assertEquals("warmup 1 epoch linear → step 0.1 ×0.5 every 2 epochs", s.describe());

        TrainSpec ms = new TrainSpec().sched("multistep").epochs(10);
        ms.milestones(List.of(3, 7));
        Schedule m = Schedules.fromSpec(ms, 1.0, 5);
        assertEquals(1.0, m.lr(14), EPS);
        assertEquals(0.1, m.lr(15), EPS);
        assertEquals(0.01, m.lr(35), 1e-15);
        assertEquals("multistep 1 ×0.1 at epochs 3,7", m.describe());
        ms.milestones(List.of());
        assertEquals("multistep 1 ×0.1 at epochs 5,8", Schedules.fromSpec(ms, 1.0, 5).describe());

        TrainSpec ex = new TrainSpec().sched("exp").epochs(3);
        ex.gamma(0.9);
        assertEquals(0.81, Schedules.fromSpec(ex, 1.0, 7).lr(14), EPS);
        assertEquals(0.003, Schedules.fromSpec(new TrainSpec().sched("none"), 0.003, 7).lr(99), EPS);

        TrainSpec oc = new TrainSpec().sched("onecycle").epochs(2);
        Schedule o = Schedules.fromSpec(oc, 0.1, 50);
        assertEquals(0.004, o.lr(0), EPS);
        assertEquals(0.1, o.lr(29), EPS);
        assertEquals(0.001, o.lr(99), EPS);
    }

    @Test
    void previewReturnsPerStepValues() {
        double[] p = Schedules.cosine(1, 0, 4).preview(5);
        assertArrayEquals(new double[]{1, 0.5 + 0.5 * Math.cos(Math.PI / 4), 0.5, 0.5 + 0.5 * Math.cos(3 * Math.PI / 4), 0}, p, EPS);
        assertEquals(0, Schedules.constant(1).preview(0).length);
    }

    @Test
    void warmupLongerThanTheRunIsAllowed() {
        TrainSpec spec = new TrainSpec().sched("cosine").epochs(1).warmupEpochs(3);
        Schedule s = Schedules.fromSpec(spec, 0.01, 10);
        assertEquals(0.01 / 30, s.lr(0), EPS);
        assertTrue(s.lr(9) < 0.01);
    }

    @Test
    void impossibleValuesFailWithTheValueQuoted() {
        assertMessage(() -> Schedules.constant(-0.1), "-0.1");
        assertMessage(() -> Schedules.step(0.1, 0, 0.1), "step size 0");
        assertMessage(() -> Schedules.step(0.1, 5, -1), "gamma=-1");
        assertMessage(() -> Schedules.multistep(0.1, new int[]{-3}, 0.1), "milestone -3");
        assertMessage(() -> Schedules.cosine(0.1, 0, 0), "0 steps");
        assertMessage(() -> Schedules.cosine(0.1, Double.NaN, 10), "NaN");
        assertMessage(() -> Schedules.oneCycle(0.1, 10, 1.5, 25, 0), "pct_start=1.5");
        assertMessage(() -> Schedules.warmup(Schedules.constant(1), 5, 0, "exp"), "exponential warmup cannot start from 0");
        assertMessage(() -> Schedules.warmup(Schedules.constant(1), 5, 0, "cubic"), "'cubic'");
        assertMessage(() -> Schedules.fromSpec(new TrainSpec().sched("cosin"), 0.1, 10), "'cosin'");
        assertMessage(() -> Schedules.fromSpec(new TrainSpec(), 0.1, 0), "steps per epoch 0");
        TrainSpec bad = new TrainSpec().sched("step");
        bad.stepSize(0);
        assertMessage(() -> Schedules.fromSpec(bad, 0.1, 10), "step=0");
    }

    private static void assertMessage(Runnable r, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void customScheduleObjectWinsOverSchedAndTakesTheWarmup() {
        Schedule guide = Schedules.lambda(0.01, 1, e -> e < 5 ? (e + 1) / 5.0
                : (0.001 + 0.009 * 0.5 * (1 + Math.cos((e - 5) / 45.0 * Math.PI))) / 0.01);
        TrainSpec spec = new TrainSpec().sched("step").schedule(guide);
        assertSame(guide, Schedules.fromSpec(spec, 0.5, 1));
        assertEquals("<custom: lambda 0.01 × f(epoch)>", spec.toMap().get("sched"));
        spec.warmupSteps(2);
        Schedule w = Schedules.fromSpec(spec, 0.5, 1);
        assertEquals(0.002 * 0.5, w.lr(0), EPS);
        assertEquals(0.002, w.lr(2), EPS);
        spec.scheduleObject("cosine");
        assertMessage(() -> Schedules.fromSpec(spec, 0.1, 1), "java.lang.String");
    }
}
