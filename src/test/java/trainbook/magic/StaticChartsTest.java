package trainbook.magic;

import org.junit.jupiter.api.Test;
import trainbook.magic.args.Tokenizer;
import trainbook.render.Rich;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** charts=static and the kernel-wide default; JSON parts go to Jupyter as objects. */
class StaticChartsTest {

    @Test
    void chartsStaticDropsTheSpecAndKeepsTheImages() throws Exception {
        Path runs = Files.createTempDirectory("tb-static");
        RecordingContext interactive = new RecordingContext(), fixed = new RecordingContext();
        String args = "data=blobs(n=60) model=linear epochs=1 limit=2 live=false runs=" + runs;
        try (var a = new TrainMagic(interactive, System::nanoTime).run(Tokenizer.tokenize(args + " as=i1"));
             var b = new TrainMagic(fixed, System::nanoTime).run(Tokenizer.tokenize(args + " charts=static as=s1"))) {
            Rich i = interactive.displays.values().iterator().next(), s = fixed.displays.values().iterator().next();
            assertEquals(3, i.outputs().stream().filter(o -> o.has(Rich.VEGALITE)).count(), "three interactive charts");
            assertEquals(0, s.outputs().stream().filter(o -> o.has(Rich.VEGALITE)).count(), "charts=static");
            assertEquals(3, s.outputs().stream().filter(o -> o.has(Rich.PNG)).count(), "the PNGs stay");
            assertEquals("s1", b.record().name(), "the run is bound as usual");
        }
    }

    /** Every image output of every display a magic made. */
    private static java.util.List<Rich> charts(RecordingContext ctx) {
        return ctx.displays.values().stream().flatMap(r -> r.outputs().stream()).filter(Rich::isImage).toList();
    }

    @Test
    void everyMagicsChartsCarryPngAndVegaLiteUnlessStatic() throws Exception {
        Path runs = Files.createTempDirectory("tb-every");
        String args = "data=blobs(n=60) model=linear epochs=2 limit=2 live=false runs=" + runs;
        try (var a = new TrainMagic(new RecordingContext(), System::nanoTime).run(Tokenizer.tokenize(args + " lr=1e-2 as=e1"));
             var b = new TrainMagic(new RecordingContext(), System::nanoTime).run(Tokenizer.tokenize(args + " lr=1e-1 as=e2"))) {
            RecordingContext lrfind = new RecordingContext(), compare = new RecordingContext(), interpret = new RecordingContext(),
                    interpretStatic = new RecordingContext();
            new LrFindMagic(lrfind).run(Tokenizer.tokenize("data=blobs(n=60) model=linear steps=12 live=false"));
            new CompareMagic(compare, System::nanoTime).run(Tokenizer.tokenize("e1 e2 runs=" + runs));
            new InterpretMagic(interpret).run(Tokenizer.tokenize("e1 runs=" + runs));
            new InterpretMagic(interpretStatic).run(Tokenizer.tokenize("e1 charts=static runs=" + runs));
            for (var e : java.util.Map.of("%lrfind", lrfind, "%compare", compare, "%interpret", interpret).entrySet()) {
                var charts = charts(e.getValue());
                assertFalse(charts.isEmpty(), e.getKey() + " drew a chart");
                for (Rich c : charts) {
                    assertNotNull(c.pngOrNull(), e.getKey() + ": PNG");
                    assertTrue(c.has(Rich.VEGALITE), e.getKey() + ": Vega-Lite beside " + c.plain());
                }
            }
            assertEquals(3, charts(compare).size(), "two overlays and the parallel coordinates");
            var fixed = charts(interpretStatic);
            assertEquals(charts(interpret).size(), fixed.size(), "charts=static keeps every image");
            assertTrue(fixed.stream().noneMatch(c -> c.has(Rich.VEGALITE)), "%interpret charts=static: images only");
        }
    }

    @Test
    void kernelWideDefaultAndBadValues() {
        String before = System.getProperty(StaticCharts.PROPERTY);
        try {
            System.setProperty(StaticCharts.PROPERTY, "static");
            assertTrue(StaticCharts.isStatic(null));
            assertFalse(StaticCharts.isStatic("interactive"), "the key wins over the default");
            System.setProperty(StaticCharts.PROPERTY, "interactive");
            assertFalse(StaticCharts.isStatic(null));
            assertTrue(StaticCharts.isStatic("static"));
            System.setProperty(StaticCharts.PROPERTY, "fancy");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StaticCharts.isStatic(null));
            assertEquals("trainbook.charts='fancy' is not a chart mode: use interactive or static", e.getMessage());
        } finally {
            if (before == null) System.clearProperty(StaticCharts.PROPERTY);
            else System.setProperty(StaticCharts.PROPERTY, before);
        }
        var e = assertThrows(trainbook.magic.args.ArgException.class, () -> new TrainMagic(new RecordingContext(), System::nanoTime)
                .run(Tokenizer.tokenize("charts=fancy")));
        assertTrue(e.getMessage().contains("'fancy'") && e.getMessage().contains("interactive, static"), e.getMessage());
    }

    @Test
    void splitSendsEachChartAsItsOwnOutputWithJsonObjects() throws Exception {
        Rich chart = Rich.png(new byte[]{1, 2}, "chart").withSize(Rich.PNG, 10, 5).with(Rich.VEGALITE, "{\"mark\":\"line\"}");
        Rich block = Rich.combine(java.util.List.of(chart, Rich.html("<table></table>", "table")));
        var parts = Displays.split(block);
        assertEquals(2, parts.size());
        var d = Displays.toDisplayData(parts.get(0));
        assertTrue(d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(Rich.VEGALITE))
                instanceof com.google.gson.JsonObject, "a JSON object, not a string");
        assertEquals(1, Displays.split(Rich.combine(java.util.List.of(Rich.html("<b>a</b>", "a"), Rich.text("b")))).size(),
                "a block without charts stays one output");
    }
}
