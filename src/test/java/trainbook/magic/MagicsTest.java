package trainbook.magic;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.Trainbook;
import trainbook.engine.loop.TrainedRun;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Tokenizer;
import trainbook.render.Rich;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The magics end to end on tiny synthetic data (a few steps each), through an in-memory notebook context. */
class MagicsTest {
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
    void trainShowsLiveOutputsThenTheReportAndBindsTheRun() {
        TrainedRun run = train("model=mlp(16) data=blobs(n=200) epochs=2 batch=32 limit=3 sched=cosine warmup=2s as=base");
        try (run) {
            RunRecord rec = run.record();
            assertEquals("base", rec.name());
            assertEquals(2, rec.epochs().size());
            assertSame(run, ctx.variables.get("base"));
            assertSame(rec, ctx.session().state().lastRun());
            assertTrue(ctx.notes.get(ctx.notes.size() - 1).contains("bound to `base`"), ctx.notes.toString());
            // one progress line and one chart slot that now holds the report
            assertEquals(2, ctx.displays.size(), ctx.texts().toString());
            Rich progress = ctx.displays.get("d1");
            assertTrue(progress.plain().contains("finished: completed"), progress.plain());
            Rich report = ctx.displays.get("d2");
            assertTrue(report.has(Rich.HTML) && report.htmlOrNull().contains("<img"), "report has images");
            assertTrue(report.htmlOrNull().contains("<table"), "report has the hyperparameter table");
            assertTrue(report.plain().contains("base"), report.plain());
            // the record was saved with the doctor's findings
            assertTrue(Files.exists(dir.resolve("base").resolve("run.json")));
            RunRecord saved = Trainbook.load("base", dir.toString());
            assertEquals(rec.findings().size(), saved.findings().size());
        }
    }

    @Test
    void autoNameBindsAnIdentifierAndLiveFalseShowsOnlyTheReport() {
        try (TrainedRun run = train("data=blobs(n=100) model=linear epochs=1 limit=2 live=false")) {
            assertEquals("run_int", TrainMagic.identifier("int"));
            assertEquals("run_3x", TrainMagic.identifier("3x"));
            assertEquals("mlp_adam_1e_3_1", TrainMagic.identifier("mlp-adam-1e-3-1"));
            String var = TrainMagic.identifier(run.record().name());
            assertTrue(trainbook.magic.args.Keys.isIdentifier(var), var);
            assertSame(run, ctx.variables.get(var));
            assertEquals(1, ctx.displays.size(), "no live displays with live=false");
        }
    }

    @Test
    void notebookBlockIsTrained() {
        SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(8).build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());
        ctx.variables.put("net", net);
        try (TrainedRun run = train("model=net data=blobs(n=100) epochs=1 limit=2 live=false as=custom")) {
            assertSame(net, run.block());
            assertEquals("<SequentialBlock>", run.record().spec().get("model"));
        }
    }

    @Test
    void csvDataWithATargetColumnTrains() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 60; i++) csv.append(i % 3).append(',').append(i * 0.1).append(',').append(i % 3 == 0 ? "x" : "y").append('\n');
        Path file = dir.resolve("small.csv");
        Files.writeString(file, csv.toString());
        try (TrainedRun run = train("data=csv:" + file.toString().replace('\\', '/') + " target=kind model=mlp(8) epochs=1 batch=10 live=false as=fromcsv")) {
            assertEquals(1, run.record().epochs().size());
            assertEquals("kind", run.record().spec().get("target"));
        }
    }

    @Test
    void dryRunShowsConfigurationAndSchedulePreviewWithoutTraining() {
        assertNull(train("data=blobs(n=200) epochs=3 batch=50 sched=step step=1 gamma=0.5 warmup=1 dry=true as=plan"));
        assertEquals(1, ctx.displays.size());
        Rich r = ctx.displays.get("d1");
        assertTrue(r.plain().startsWith("dry run (no training): 12 steps = 3 epochs × 4 steps"), r.plain());
        assertTrue(r.htmlOrNull().contains("<img"), "schedule preview chart");
        assertFalse(Files.exists(dir.resolve("plan")), "nothing saved");
        assertFalse(ctx.variables.containsKey("plan"));
    }

    @Test
    void helpAndErrors() {
        assertNull(train("--help"));
        assertTrue(ctx.displays.get("d1").plain().contains("epochs=10"));
        ArgException e = assertThrows(ArgException.class, () -> train("epoch=3"));
        assertTrue(e.getMessage().startsWith("%train: unknown key 'epoch' (did you mean 'epochs'?)"), e.getMessage());
        e = assertThrows(ArgException.class, () -> train("model=mpl data=blobs"));
        assertTrue(e.getMessage().startsWith("%train: unknown model 'mpl' (did you mean 'mlp'?)"), e.getMessage());
        ctx.variables.put("s", "text");
        e = assertThrows(ArgException.class, () -> train("data=s"));
        assertTrue(e.getMessage().contains("variable 's' is a java.lang.String"), e.getMessage());
        e = assertThrows(ArgException.class, () -> train("lr=lrfind data=blobs"));
        assertTrue(e.getMessage().contains("run %lrfind first"), e.getMessage());
    }

    @Test
    void lrfindBindsAndFeedsLrEqualsLrfind() {
        LrFindResult r = new LrFindMagic(ctx).run(Tokenizer.tokenize("model=mlp(16) data=blobs(n=300) batch=16 steps=30 start=1e-4 end=1"));
        assertSame(r, ctx.variables.get("lrfind"));
        assertSame(r, ctx.session().state().lastLrFind());
        assertEquals(1, ctx.displays.size(), "one output, updated in place");
        assertEquals(1, ctx.updates.get("d1"));
        Rich shown = ctx.displays.get("d1");
        assertTrue(shown.htmlOrNull().contains("<img") && shown.htmlOrNull().contains("<table"), "chart and table");
        assertTrue(r.suggested() > 0 && Double.isFinite(r.suggested()), "a suggestion on separable blobs");
        try (TrainedRun other = train("model=mlp(16) data=blobs(n=300) lr=0.5 epochs=1 limit=2 live=false as=explicit")) {
            assertEquals(r.suggested(), other.record().lrFinderSuggestion(), 1e-12, "same model and data: the doctor sees the suggestion");
        }
        try (TrainedRun other = train("model=linear data=blobs(n=300) lr=0.5 epochs=1 limit=2 live=false as=othermodel")) {
            assertTrue(Double.isNaN(other.record().lrFinderSuggestion()), "another model: no suggestion attached");
        }
        {
            try (TrainedRun run = train("data=blobs(n=100) lr=lrfind epochs=1 limit=2 live=false as=fromfinder")) {
                assertEquals(r.suggested(), run.record().lrFinderSuggestion(), 1e-12);
                assertEquals(trainbook.engine.TrainSpec.num(r.suggested()), run.record().spec().get("lr"));
            }
        }
    }

    @Test
    void sweepRunsEveryTrialSavesThemAndComparesThenSavedFormsCompare() {
        Comparison c = new CompareMagic(ctx, System::nanoTime)
                .run(Tokenizer.tokenize("data=blobs(n=100) model=linear epochs=1 limit=2 lr=1e-2,1e-1 as=sw" + runs));
        assertEquals(2, c.runs().size());
        assertEquals(List.of("sw_1", "sw_2"), c.runs().stream().map(RunRecord::name).toList());
        assertSame(c, ctx.variables.get("sw"));
        assertTrue(Files.exists(dir.resolve("sw_1").resolve("run.json")) && Files.exists(dir.resolve("sw_2").resolve("run.json")));
        // progress line + leaderboard slot (holding the final comparison): no flood
        assertEquals(2, ctx.displays.size(), ctx.texts().toString());
        assertTrue(ctx.displays.get("d1").plain().startsWith("sweep done: 2 trials saved (ranked: sw_1, sw_2)"), ctx.displays.get("d1").plain());
        assertTrue(ctx.displays.get("d2").htmlOrNull().contains("<table"), "leaderboard table");

        RecordingContext ctx2 = new RecordingContext();
        Comparison all = new CompareMagic(ctx2, System::nanoTime).run(Tokenizer.tokenize("all" + runs));
        assertEquals(2, all.runs().size());
        assertSame(all, ctx2.variables.get("comparison"));
        Comparison last = new CompareMagic(ctx2, System::nanoTime).run(Tokenizer.tokenize("last=1" + runs));
        assertEquals(List.of("sw_2"), last.runs().stream().map(RunRecord::name).toList());
        Comparison named = new CompareMagic(ctx2, System::nanoTime).run(Tokenizer.tokenize("sw_2 sw_1 monitor=train_loss" + runs));
        assertEquals(2, named.runs().size());
        ArgException e = assertThrows(ArgException.class,
                () -> new CompareMagic(ctx2, System::nanoTime).run(Tokenizer.tokenize("sw_3x" + runs)));
        assertTrue(e.getMessage().contains("no saved run 'sw_3x'") && e.getMessage().contains("saved runs: sw_1, sw_2"), e.getMessage());

        assertNull(new DoctorMagic(ctx2).run(Tokenizer.tokenize("--help")));
        String help = ctx2.displays.values().stream().reduce((a, b) -> b).orElseThrow().plain();
        assertTrue(help.startsWith("%doctor [RUN]") && help.contains("Training doctor rules"), help);
        List<Finding> f = new DoctorMagic(ctx2).run(Tokenizer.tokenize("sw_1" + runs));
        assertNotNull(f);
        Rich shown = ctx2.displays.values().stream().reduce((a, b) -> b).orElseThrow();
        assertTrue(shown.plain().contains("sw_1"), shown.plain());
        e = assertThrows(ArgException.class, () -> new DoctorMagic(ctx2).run(Tokenizer.tokenize("nope" + runs)));
        assertTrue(e.getMessage().startsWith("%doctor: no saved run 'nope'"), e.getMessage());
    }

    @Test
    void interruptingASweepStopsTheRemainingTrials() {
        RecordingContext stopping = new RecordingContext() {
            @Override
            public void update(String id, Rich output) {
                super.update(id, output);
                // the user interrupts while the first trial runs
                if (output.plain().startsWith("st_1 epoch")) trainbook.engine.Cancellation.current().requestStop();
            }
        };
        try {
            new CompareMagic(stopping, System::nanoTime)
                    .run(Tokenizer.tokenize("data=blobs(n=100) model=linear epochs=2 limit=3 lr=1e-2,1e-1,1 as=st" + runs));
            assertEquals(trainbook.engine.run.StopReason.INTERRUPTED, Trainbook.load("st_1", dir.toString()).stopReason());
            assertTrue(stopping.displays.get("d1").plain().startsWith("sweep interrupted after 1/3 trials"),
                    stopping.displays.get("d1").plain());
            assertFalse(Files.exists(dir.resolve("st_2")), "no trial after the interrupt");
        } finally {
            trainbook.engine.Cancellation.current().reset();
        }
    }

    @Test
    void aTrialStoppedBeforeItsFirstEpochIsSavedButNotRanked() {
        RecordingContext stopping = new RecordingContext() {
            @Override
            public void update(String id, Rich output) {
                super.update(id, output);
                if (output.plain().startsWith("early_1 epoch")) trainbook.engine.Cancellation.current().requestStop();
            }
        };
        try {
            Comparison c = new CompareMagic(stopping, System::nanoTime)
                    .run(Tokenizer.tokenize("data=blobs(n=100) model=linear epochs=2 limit=3 lr=1e-2,1e-1 as=early" + runs));
            assertTrue(c.runs().isEmpty());
            assertTrue(Files.exists(dir.resolve("early_1").resolve("run.json")), "saved anyway");
            assertTrue(stopping.notes.stream().anyMatch(n -> n.contains("stopped before its first epoch")), stopping.notes.toString());
            assertEquals("no trial finished an epoch: nothing to rank", stopping.displays.get("d2").plain());
            ArgException e = assertThrows(ArgException.class,
                    () -> new CompareMagic(stopping, System::nanoTime).run(Tokenizer.tokenize("early_1" + runs)));
            assertTrue(e.getMessage().contains("has no finished epoch"), e.getMessage());
        } finally {
            trainbook.engine.Cancellation.current().reset();
        }
    }

    @Test
    void aFailingTrialStopsTheSweepWithAClearLine() {
        assertThrows(IllegalArgumentException.class, () -> new CompareMagic(ctx, System::nanoTime)
                .run(Tokenizer.tokenize("data=blobs(n=100) model=linear epochs=1 lr=1e-2,1e-1 init=run:nope" + runs)));
        String line = ctx.displays.get("d1").plain();
        assertTrue(line.startsWith("sweep stopped: trial 1/2 (lr=1e-2) failed"), line);
    }

    @Test
    void svgFormatEmbedsSvgImages() {
        try (TrainedRun run = train("data=blobs(n=100) model=linear epochs=1 limit=2 live=false format=svg as=svgrun")) {
            String html = ctx.displays.get("d1").htmlOrNull();
            assertTrue(html.contains("data:image/svg+xml"), "SVG charts");
            assertFalse(html.contains("data:image/png"), "no PNG with format=svg");
        }
    }
}
