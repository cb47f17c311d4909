package trainbook.render;

import org.junit.jupiter.api.Test;
import trainbook.engine.data.HostData;
import trainbook.engine.interpret.Interpretation;
import trainbook.engine.interpret.Interpreter;
import trainbook.render.chart.InterpretCharts;
import trainbook.render.chart.TopLossGrid;
import trainbook.render.table.InterpretTables;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** %interpret's output by structure: images decode with the expected sizes, tables have the expected rows. */
class RenderInterpretTest {
    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** 200 random 28×28 "images" of 10 classes with logits that mostly agree with the label. */
    static Interpretation images(int top) {
        Random rnd = new Random(3);
        int n = 200, c = 10;
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
        float[] y = new float[n];
        float[] logits = new float[n * c];
        for (int i = 0; i < n; i++) {
            y[i] = i % c;
            for (int k = 0; k < c; k++) logits[i * c + k] = (float) rnd.nextGaussian();
            logits[i * c + (rnd.nextInt(4) == 0 ? 6 : i % c)] += 3; // a quarter go to "Shirt"
        }
        HostData d = new HostData("fashion-mnist", x, new long[]{1, 28, 28}, y, HostData.CLASSIFICATION, c, FASHION, true);
        return Interpreter.fromOutputs("base", "val", d, logits, c, top, null, List.of(), List.of());
    }

    /** {@code k} classes with long-ish names (as CSV labels can be), 20 samples each, mostly right. */
    static Interpretation classes(int k) {
        Random rnd = new Random(k);
        int n = 20 * k;
        float[] x = new float[n * 2], y = new float[n], logits = new float[n * k];
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < k; c++) names.add("class " + c + (c % 3 == 0 ? " (long name)" : ""));
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int c = 0; c < k; c++) logits[i * k + c] = (float) rnd.nextGaussian();
            logits[i * k + (rnd.nextInt(3) == 0 ? rnd.nextInt(k) : i % k)] += 3;
        }
        HostData d = new HostData("csv", x, new long[]{2}, y, HostData.CLASSIFICATION, k, names, false);
        return Interpreter.fromOutputs("cls" + k, "val", d, logits, k, 5, null, List.of(), List.of());
    }

    static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "PNG decodes");
        return img;
    }

    static int count(String s, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void classificationOutputHasHeatMapTablesAndTopLossGrid() throws Exception {
        Interpretation in = images(9);
        Rich out = Views.interpret(in, ChartFormat.PNG);
        String html = out.htmlOrNull();
        // heat map and top-loss grid as images; per-class, confusion and confused-pair tables
        assertEquals(2, count(html, "<img"), "heat map + top-loss grid");
        assertEquals(3, count(html, "<table"), "per-class metrics, confusion matrix, confused pairs");
        assertTrue(out.plain().startsWith(in.summary()), out.plain());
        assertTrue(html.contains("Ankle boot") && html.contains("T-shirt/top"), "class names shown");
        assertTrue(out.plain().contains("top 9 losses"), "the grid's text form lists the top losses");

        byte[] heat = ChartEncoder.png(InterpretCharts.confusion(in));
        BufferedImage h = decode(heat);
        assertTrue(h.getWidth() >= 500 && h.getHeight() >= 500, h.getWidth() + "x" + h.getHeight());
        assertTrue(ChartEncoder.svg(InterpretCharts.confusion(in)).startsWith("<svg"));

        BufferedImage grid = TopLossGrid.image(in);
        assertNotNull(grid);
        BufferedImage g = decode(TopLossGrid.png(grid));
        // 3 × 3 tiles of 150 px plus padding
        assertEquals(8 + 3 * (150 + 8), g.getWidth());
        assertEquals(42 + 3 * (112 + 34 + 8) + 8, g.getHeight());
        preview("confusion.png", heat);
        preview("toplosses.png", TopLossGrid.png(grid));
        preview("interpret.html", html.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void confusionTableHasOneRowPerClassAndTheCountsAddUp() {
        Interpretation in = images(0);
        var t = InterpretTables.confusion(in);
        assertEquals(10, t.rowCount());
        assertEquals(11, t.columnCount());
        long sum = 0;
        for (int c = 1; c < t.columnCount(); c++) sum += ((tech.tablesaw.api.LongColumn) t.column(c)).sum();
        assertEquals(200, sum);
        String html = InterpretTables.confusionView(in).html();
        assertEquals(10 + 1, count(html, "<tr"), "header + one row per class");
        var per = InterpretTables.perClass(in);
        assertEquals(12, per.rowCount(), "ten classes, macro and weighted averages");
        assertEquals("macro avg", per.stringColumn("class").get(10));
        assertEquals(in.macroF1(), per.doubleColumn("f1").get(10), 1e-12);
        assertTrue(in.topLosses().isEmpty());
        assertEquals(1, count(Views.interpret(in, ChartFormat.PNG).htmlOrNull(), "<img"), "top=0: no grid");
    }

    @Test
    void tabularTopLossesAreRowsWithTheirFeatureNames() {
        float[] x = {1, 0, 5, 0, 1, 6, 1, 0, 7};
        HostData d = new HostData("csv:t.csv", x, new long[]{3}, new float[]{0, 1, 1}, HostData.CLASSIFICATION, 2,
                List.of("no", "yes"), false);
        float[] logits = {2, 0, 0, 2, 3, 0};
        Interpretation in = Interpreter.fromOutputs("tab", "val", d, logits, 2, 3, null,
                List.of("colour=blue", "colour=red", "size"), List.of());
        var t = InterpretTables.topLosses(in, true);
        assertEquals(List.of("#", "index", "actual", "predicted", "loss", "p(actual)", "p(predicted)", "colour=blue",
                "colour=red", "size"), t.columnNames());
        assertEquals(2, t.intColumn("index").get(0), "row 2 (yes predicted as no, logit gap 3) has the highest loss");
        assertEquals(7.0, t.doubleColumn("size").get(0), 1e-9);
        String html = Views.interpret(in, ChartFormat.SVG).htmlOrNull();
        assertEquals(1, count(html, "<img"), "no image grid for tabular data; the heat map only");
        assertEquals(4, count(html, "<table"), "per-class, confusion, confused pairs, top losses");
    }

    /** 50 samples predicted half a unit high, sample 17 nine units high. */
    static Interpretation regression() {
        int n = 50;
        float[] y = new float[n], p = new float[n], x = new float[n * 2];
        for (int i = 0; i < n; i++) {
            y[i] = i;
            p[i] = i + (i == 17 ? 9 : 0.5f);
            x[2 * i] = i;
            x[2 * i + 1] = -i;
        }
        HostData d = new HostData("linear", x, new long[]{2}, y, HostData.REGRESSION, 0, List.of(), false);
        return Interpreter.fromOutputs("reg", "val", d, p, 1, 5, "mse", List.of(), List.of());
    }

    @Test
    void regressionShowsScatterAndResiduals() throws Exception {
        Interpretation in = regression();
        Rich out = Views.interpret(in, ChartFormat.PNG);
        assertEquals(1, count(out.htmlOrNull(), "<img"));
        assertEquals(1, count(out.htmlOrNull(), "<table"));
        var t = InterpretTables.residuals(in);
        assertEquals(5, t.rowCount());
        assertEquals(17, t.intColumn("index").get(0));
        assertEquals(9, t.doubleColumn("residual").get(0), 1e-6);
        assertEquals(List.of("#", "index", "actual", "predicted", "residual", "loss", "f0", "f1"), t.columnNames());
        BufferedImage img = decode(ChartEncoder.png(InterpretCharts.predictedVsActual(in)));
        assertEquals(520, img.getWidth());
        assertTrue(out.plain().contains("R²"), out.plain());
    }

    /** Writes a file for a person to look at when {@code -Dtrainbook.preview=DIR} is set. */
    static void preview(String name, byte[] bytes) throws Exception {
        String dir = System.getProperty("trainbook.preview");
        if (dir == null) return;
        Files.createDirectories(Path.of(dir));
        Files.write(Path.of(dir, name), bytes);
    }
}
