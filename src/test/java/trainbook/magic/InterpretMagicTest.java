package trainbook.magic;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainbook.engine.interpret.Interpretation;
import trainbook.engine.loop.TrainedRun;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.Tokenizer;
import trainbook.render.Rich;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code %interpret} through an in-memory notebook: live and saved runs, variables, help and one-line errors. */
class InterpretMagicTest {
    @TempDir
    Path dir;
    RecordingContext ctx;
    String runs;
    final List<TrainedRun> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = new RecordingContext();
        runs = " runs=" + dir.toString().replace('\\', '/');
    }

    @org.junit.jupiter.api.AfterEach
    void closeRuns() {
        opened.forEach(TrainedRun::close);
    }

    private TrainedRun train(String line) {
        TrainedRun r = new TrainMagic(ctx, System::nanoTime).run(Tokenizer.tokenize(line + " live=false" + runs));
        opened.add(r);
        return r;
    }

    private Interpretation interpret(String line) {
        return new InterpretMagic(ctx).run(Tokenizer.tokenize(line + runs));
    }

    private String error(String line) {
        ArgException e = assertThrows(ArgException.class, () -> interpret(line));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("%interpret: "), e.getMessage());
        return e.getMessage();
    }

    private Rich last() {
        return new ArrayList<>(ctx.displays.values()).get(ctx.displays.size() - 1);
    }

    @Test
    void trainPointsAtInterpretWhichShowsTheLiveRunAndTheSavedOne() {
        train("model=mlp(16) data=blobs(n=200) epochs=2 batch=32 as=base");
        assertTrue(ctx.notes.stream().anyMatch(n -> n.endsWith("bound to `base`; %interpret base shows its confusion"
                + " matrix, per-class F1 and top losses")), ctx.notes.toString());

        Interpretation live = interpret("base top=5");
        assertEquals("base", live.run());
        assertEquals(20, live.size(), "the seeded 10% validation split of 200 samples");
        assertEquals(5, live.topLosses().size());
        Rich out = last();
        assertTrue(out.plain().startsWith(live.summary()), out.plain());
        assertTrue(out.htmlOrNull().contains("confusion matrix") && out.htmlOrNull().contains("<img"), "heat map and table");
        assertTrue(out.htmlOrNull().contains("per-class metrics"), "per-class table");
        assertTrue(out.htmlOrNull().contains("top 5 losses"), "blobs are tabular: the top losses as rows");

        // without the variable the saved run is rebuilt from its record: same matrix
        ctx.variables.clear();
        Interpretation saved = interpret("base top=5");
        for (int a = 0; a < 3; a++) assertArrayEquals(live.confusion()[a], saved.confusion()[a]);
        assertEquals(live.meanLoss(), saved.meanLoss(), 1e-5);

        // the API's result shows itself as a cell's value
        var renderer = new org.dflib.jjava.jupyter.kernel.display.Renderer();
        TrainbookMagics.registerRenderers(renderer);
        var shown = renderer.render(live);
        assertTrue(((String) shown.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)).contains("<img"));
        // no RUN: the last run trained in this kernel
        assertEquals("base", interpret("").run());
        // split=train and svg charts
        Interpretation tr = interpret("base split=train top=0 format=svg");
        assertEquals(180, tr.size());
        assertTrue(last().htmlOrNull().contains("data:image/svg+xml"), "heat map as SVG");
    }

    @Test
    void aRunTrainedOnANotebookModelIsInterpretedThroughItsVariable() {
        SequentialBlock net = new SequentialBlock().add(Linear.builder().setUnits(8).build())
                .add(Activation.reluBlock()).add(Linear.builder().setUnits(3).build());
        ctx.variables.put("net", net);
        TrainedRun run = train("model=net data=blobs(n=100) epochs=1");
        String name = run.record().name(); // e.g. sequentialblock-adam-1e-3-1, bound as sequentialblock_adam_1e_3_1
        String var = TrainMagic.identifier(name);
        assertNotEquals(name, var);
        assertSame(run, ctx.variables.get(var));
        // the saved name finds the live run %train bound it to
        assertEquals(10, interpret(name).size());
        assertEquals(name, interpret(var).run());
        // once that variable is gone, the record alone cannot rebuild a notebook model
        ctx.variables.put("other", ctx.variables.remove(var));
        String e = error(name);
        assertTrue(e.contains("run '" + name + "' was trained on a notebook object (model=<SequentialBlock>)"), e);
        assertTrue(e.contains("%interpret VARIABLE"), e);
        assertEquals(name, interpret("other").run(), "any variable holding the run works");
    }

    @Test
    void csvClassNamesAndRegressionResiduals() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 90; i++) csv.append(i % 3).append(',').append(i * 0.1).append(',').append(i % 3 == 0 ? "cat" : "dog").append('\n');
        Path file = dir.resolve("pets.csv");
        Files.writeString(file, csv.toString());
        train("data=csv:" + file.toString().replace('\\', '/') + " target=kind model=mlp(8) epochs=1 batch=10 as=pets");
        Interpretation in = interpret("pets top=3");
        assertEquals(List.of("cat", "dog"), in.classNames());
        assertEquals(List.of("a", "b"), in.featureNames());
        String html = last().htmlOrNull();
        assertTrue(html.contains("cat") && html.contains("dog"), "class names from the CSV labels");
        assertTrue(html.contains(">a</th>") && html.contains(">b</th>"), "the rows' feature columns by name");

        // a Tablesaw table from the notebook: its column names label the rows' features
        var table = tech.tablesaw.api.Table.create("t",
                tech.tablesaw.api.DoubleColumn.create("width", java.util.stream.IntStream.range(0, 60).mapToDouble(i -> i % 4).toArray()),
                tech.tablesaw.api.StringColumn.create("colour", java.util.stream.IntStream.range(0, 60).mapToObj(i -> i % 2 == 0 ? "red" : "blue").toList()),
                tech.tablesaw.api.StringColumn.create("label", java.util.stream.IntStream.range(0, 60).mapToObj(i -> i % 4 < 2 ? "small" : "large").toList()));
        ctx.variables.put("tbl", table);
        train("data=tbl target=label model=mlp(8) epochs=1 batch=10 as=fromtable");
        Interpretation t = interpret("fromtable top=2");
        assertEquals(List.of("large", "small"), t.classNames());
        assertEquals(List.of("width", "colour=blue", "colour=red"), t.featureNames());
        assertTrue(last().htmlOrNull().contains(">colour=red</th>"), "one-hot columns named column=level");

        train("data=linear(n=200,features=3) model=linear epochs=1 as=reg");
        assertTrue(ctx.notes.stream().anyMatch(n -> n.endsWith("; %interpret reg shows its predictions against the targets and the largest residuals")), ctx.notes.toString());
        Interpretation r = interpret("reg top=4");
        assertFalse(r.isClassification());
        assertEquals(4, r.residuals().size());
        assertTrue(last().plain().contains("largest 4 residuals"), last().plain());
        assertTrue(last().htmlOrNull().contains("<img"), "predicted vs actual");
    }

    @Test
    void helpAndOneLineErrors() throws Exception {
        assertNull(interpret("--help"));
        String help = last().plain();
        assertTrue(help.startsWith("%interpret [RUN] [top=N] [split=val|test|train]"), help);
        assertTrue(help.contains("top=16") && help.contains("split=test") && help.contains("runs=/tmp/runs"), help);
        assertTrue(last().htmlOrNull().contains("<table"), "the keys as a table");

        assertTrue(error("").contains("no run to interpret: train one with %train"), "nothing trained yet");
        train("model=linear data=blobs(n=100) epochs=1 as=base");
        assertTrue(error("nosuch").startsWith("%interpret: no run 'nosuch'; saved runs: base"));
        assertTrue(error("bsae").contains("(did you mean 'base'?)"));
        assertTrue(error("base topp=3").startsWith("%interpret: unknown key 'topp' (did you mean 'top'?)"));
        assertTrue(error("base epochs=3").startsWith("%interpret: unknown key 'epochs'"));
        assertTrue(error("base top=abc").startsWith("%interpret: bad value 'abc' for top: expected an integer 0..100"));
        assertTrue(error("base top=101").contains("0..100"));
        assertTrue(error("base split=tset").startsWith("%interpret: unknown split 'tset' (did you mean 'test'?); valid: val, test, train"));
        assertTrue(error("base split=test").contains("has no test split (data=blobs(n=100) comes without one)"));
        assertTrue(error("base other").contains("one run at a time"));
        assertTrue(error("base top=3 top=4").contains("given twice"));
        ctx.variables.put("text", "hello");
        assertTrue(error("text").contains("variable 'text' is a java.lang.String, not a run"));
        // a corrupt record and a run without its parameters: one line naming the problem
        java.nio.file.Path bad = dir.resolve("bad");
        java.nio.file.Files.createDirectories(bad);
        java.nio.file.Files.writeString(bad.resolve("run.json"), "{ not json");
        assertTrue(error("bad").contains("is corrupt"), "corrupt record");
        ctx.variables.clear();
        java.nio.file.Files.delete(dir.resolve("base").resolve("params.bin"));
        assertTrue(error("base").contains("run 'base' has no saved parameters"));
        train("model=linear data=blobs(n=100) epochs=1 val=none as=noval");
        assertTrue(error("noval").contains("has no validation set (val=none); valid here: split=train"));
    }
}
