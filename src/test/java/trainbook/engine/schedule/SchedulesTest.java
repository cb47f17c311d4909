package trainbook.engine.schedule;

import org.junit.jupiter.api.Test;
import trainbook.engine.TrainSpec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SchedulesTest {
    static final double EPS = 1e-12;

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
        spec.finalLr = 0.0;
        spec.warmupSteps = 5;           // steps win over epochs
        spec.warmupMode = "exp";
        Schedule s2 = Schedules.fromSpec(spec, 0.01, 10);
        assertEquals(0.01 * Math.pow(0.01, 0.8), s2.lr(0), EPS);
        assertEquals(0.01, s2.lr(5), EPS);
        assertEquals(0.0, s2.lr(50), EPS);
        assertEquals("warmup 5 steps exp from ×0.01 → cosine 0.01 → 0 over 45 steps", s2.describe());
    }

    @Test
    void fromSpecCalendarSchedulesKeepAbsoluteEpochs() {
        TrainSpec spec = new TrainSpec().sched("step").epochs(6).warmupEpochs(1);
        spec.stepSize = 2;
        spec.gamma = 0.5;
        Schedule s = Schedules.fromSpec(spec, 0.1, 10);
        assertEquals(0.01, s.lr(0), EPS);   // warmup
        assertEquals(0.1, s.lr(19), EPS);
        assertEquals(0.05, s.lr(20), EPS);  // decay at epoch 2 as asked, despite the warmup
        assertEquals(0.025, s.lr(40), EPS);
        assertEquals("warmup 1 epoch linear → step 0.1 ×0.5 every 2 epochs", s.describe());

        TrainSpec ms = new TrainSpec().sched("multistep").epochs(10);
        ms.milestones = List.of(3, 7);
        Schedule m = Schedules.fromSpec(ms, 1.0, 5);
        assertEquals(1.0, m.lr(14), EPS);
        assertEquals(0.1, m.lr(15), EPS);
        assertEquals(0.01, m.lr(35), 1e-15);
        assertEquals("multistep 1 ×0.1 at epochs 3,7", m.describe());
        ms.milestones = List.of();
        assertEquals("multistep 1 ×0.1 at epochs 5,8", Schedules.fromSpec(ms, 1.0, 5).describe());

        TrainSpec ex = new TrainSpec().sched("exp").epochs(3);
        ex.gamma = 0.9;
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
        bad.stepSize = 0;
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
        spec.warmupSteps = 2;
        Schedule w = Schedules.fromSpec(spec, 0.5, 1);
        assertEquals(0.002 * 0.5, w.lr(0), EPS);
        assertEquals(0.002, w.lr(2), EPS);
        spec.scheduleObject = "cosine";
        assertMessage(() -> Schedules.fromSpec(spec, 0.1, 1), "java.lang.String");
    }
}
