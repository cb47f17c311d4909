package trainbook.magic;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import trainbook.doctor.rules.ScheduleRisingRule;
import trainbook.doctor.rules.ScheduleZeroRule;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.engine.schedule.Schedule;
import trainbook.engine.schedule.Schedules;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Help;
import trainbook.magic.args.Magic;
import trainbook.magic.args.Tokenizer;
import trainbook.render.Rich;
import trainbook.render.chart.RunCharts;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sched=VAR}: a notebook variable holding a {@link Schedule} drives the run as {@code model=}, {@code data=}
 * and {@code loss=} variables do; the LR chart (planned vs applied) and the doctor's schedule rules see it.
 */
class SchedVariableTest {
    @TempDir
    Path dir;
    RecordingContext ctx;
    String runs;

    @BeforeEach
    void setUp() {
        ctx = new RecordingContext();
        runs = " runs=" + dir.toString().replace('\\', '/');
    }

    private TrainedRun train(String line) {
        return new TrainMagic(ctx, System::nanoTime).run(Tokenizer.tokenize(line + runs));
    }

    @Test
    void guideLambdaPerEpochDrivesTheRunAndTheChart() {
        // guide 001's LambdaLR (linear warmup, then cosine towards a tenth) as a factor of lr=, per epoch
        Schedule guide = Schedules.lambdaEpoch(e -> e < 2 ? (e + 1) / 2.0 : 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * (e - 2))));
        ctx.variables.put("guide", guide);
        try (TrainedRun run = train("data=blobs(n=200) model=linear epochs=4 batch=60 lr=0.02 sched=guide live=false as=guided")) {
            RunRecord r = run.record();
            int spe = r.stepsPerEpoch();
            assertEquals(3, spe);
            assertEquals("<custom: lambda lr × f(epoch)>", r.spec().get("sched"));
            assertTrue(r.noteTexts().contains("schedule: lambda 0.02 × f(epoch)"), r.noteTexts().toString());
            double[] plan = r.schedule();
            assertEquals(12, plan.length);
            for (int s = 0; s < plan.length; s++) {
                int e = s / spe;
                double f = e < 2 ? (e + 1) / 2.0 : 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * (e - 2)));
                assertEquals(0.02 * f, plan[s], 1e-15, "planned lr at step " + s);
            }
            for (StepRecord st : r.steps()) assertEquals(plan[st.step()], st.lr(), 1e-15, "applied lr at step " + st.step());
            XYChart c = RunCharts.lrChart(r);
            assertTrue(c.getTitle().contains("lambda"), c.getTitle());
            double[] planned = c.getSeriesMap().get("planned").getYData();
            double[] applied = c.getSeriesMap().get("applied").getYData();
            assertEquals(0.01, planned[0], 1e-15);
            assertEquals(0.02 * 0.1, applied[applied.length - 1], 1e-15);
            Rich report = ctx.displays.values().iterator().next();
            assertTrue(report.htmlOrNull().contains("<img"), "the report draws the charts");
        }
    }

    @Test
    void theDoctorsScheduleRulesApplyToAVariable() {
        ctx.variables.put("rise", Schedules.lambdaEpoch(e -> 1 + e));
        try (TrainedRun run = train("data=blobs(n=200) model=linear epochs=3 batch=60 lr=0.01 sched=rise live=false as=rising")) {
            assertTrue(run.record().findings().stream().map(Finding::rule).anyMatch(ScheduleRisingRule.ID::equals),
                    run.record().findings().toString());
        }
        ctx.variables.put("cliff", Schedules.lambda(s -> s < 2 ? 1.0 : 0.0));
        try (TrainedRun run = train("data=blobs(n=200) model=linear epochs=3 batch=60 lr=0.01 sched=cliff live=false as=cliff")) {
            assertTrue(run.record().findings().stream().map(Finding::rule).anyMatch(ScheduleZeroRule.ID::equals),
                    run.record().findings().toString());
        }
    }

    @Test
    void dryRunPreviewsTheVariableAndWarmupGoesInFront() {
        ctx.variables.put("flat", Schedules.lambda(s -> 0.5));
        assertNull(train("data=blobs(n=200) epochs=2 batch=50 lr=0.1 sched=flat warmup=2s dry=true as=plan"));
        Rich r = ctx.displays.get("d1");
        assertTrue(r.plain().contains("lambda 0.1 × f(step)"), r.plain());
        assertTrue(r.plain().contains("warmup 2 steps"), r.plain());
    }

    @Test
    void badVariablesAndBadValuesAreOneLineErrors() {
        ctx.variables.put("s", "text");
        ArgException e = assertThrows(ArgException.class, () -> train("data=blobs sched=s"));
        assertTrue(e.getMessage().startsWith("%train: variable 's' is a java.lang.String, but sched= needs a trainbook.engine.schedule.Schedule"),
                e.getMessage());
        e = assertThrows(ArgException.class, () -> train("data=blobs sched=cosin"));
        assertTrue(e.getMessage().startsWith("%train: unknown sched 'cosin' (did you mean 'cosine'?)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        ctx.variables.put("nan", Schedules.lambda(s -> s == 3 ? Double.NaN : 1.0));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> train("data=blobs(n=100) model=linear epochs=1 batch=20 sched=nan live=false as=nan"));
        assertTrue(bad.getMessage().contains("gives lr=NaN at step 3"), bad.getMessage());
        ctx.variables.put("boom", Schedules.lambda(s -> { throw new IllegalStateException("no"); }));
        bad = assertThrows(IllegalArgumentException.class,
                () -> train("data=blobs(n=100) model=linear epochs=1 batch=20 sched=boom live=false as=boom"));
        assertTrue(bad.getMessage().contains("failed at step 0"), bad.getMessage());
        assertFalse(bad.getMessage().contains("\n"));
    }

    @Test
    void aSweepMixesScheduleNamesAndVariables() {
        ctx.variables.put("half", Schedules.lambda(s -> 0.5));
        Comparison c = new CompareMagic(ctx, System::nanoTime)
                .run(Tokenizer.tokenize("data=blobs(n=100) model=linear epochs=1 limit=2 lr=0.02 sched=cosine,half as=sw" + runs));
        assertEquals(2, c.runs().size());
        RunRecord withVar = c.runs().stream().filter(r -> r.spec().get("sched").startsWith("<custom")).findFirst().orElseThrow();
        for (double v : withVar.schedule()) assertEquals(0.01, v, 1e-15);
    }

    @Test
    void helpShowsTheNewValuesWithExamples() {
        String h = Help.text(Magic.TRAIN);
        assertTrue(h.contains("a variable holding a trainbook.engine.schedule.Schedule (e.g. sched=guide"), h);
        assertTrue(h.contains("cycle_momentum=false"), h);
        assertTrue(h.contains("cutmix") && h.contains("mixup") && h.contains("e.g. augment=flip,cutmix"), h);
        assertTrue(h.contains("model, data, val, loss or sched name a notebook variable"), h);
    }
}
