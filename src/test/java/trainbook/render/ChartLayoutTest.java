package trainbook.render;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.ChartGeometry;
import org.knowm.xchart.style.Styler;
import trainbook.engine.run.RunRecord;
import trainbook.render.chart.ChartLayout;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.RandomSampler;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.Trial;
import trainbook.render.chart.CompareCharts;
import trainbook.render.chart.InterpretCharts;
import trainbook.render.chart.StudyCharts;
import trainbook.render.chart.LrFindChart;
import trainbook.render.chart.RunCharts;
import trainbook.render.compare.Monitor;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Measures every chart kind as drawn: tick values (whole epochs, 1-2-5 steps, decades on log axes, a readable
 * count), tick labels and text labels that do not overlap, a legend that covers no curve and does not squeeze the
 * plot, PNGs at 2× density with their logical size, one colour per run across the comparison charts.
 * {@code -Dtrainbook.chartPreview=DIR} also writes each chart there as PNG (to look at them).
 */
class ChartLayoutTest {
    private static final FontRenderContext FRC = new FontRenderContext(null, true, false);

    /** Every chart kind, on short, medium and long runs. */
    static Map<String, XYChart> charts() {
        Map<String, XYChart> m = new LinkedHashMap<>();
        for (int[] shape : new int[][]{{1, 2}, {1, 17}, {2, 1}, {3, 17}, {4, 5}, {17, 30}, {60, 12}, {200, 3}}) {
            RunRecord r = Fixtures.run("r" + shape[0], shape[0], shape[1], 1e-3);
            m.put("loss-" + shape[0] + "x" + shape[1], RunCharts.lossChart(r));
            m.put("live-" + shape[0] + "x" + shape[1], painted(RunCharts.liveChart(r)));
            m.put("lr-" + shape[0] + "x" + shape[1], RunCharts.lrChart(r));
            m.put("grad-" + shape[0] + "x" + shape[1], RunCharts.gradChart(r));
        }
        m.put("loss-findings", RunCharts.lossChart(Fixtures.runWithFindings()));
        double[] plan = new double[1000];
        for (int i = 0; i < plan.length; i++) plan[i] = i < 100 ? 1e-4 + i * 1e-3 / 100 : 1e-3 * Math.pow(0.995, i - 100);
        m.put("preview", RunCharts.schedulePreview(plan, 100, 100, "exp warmup"));
        m.put("lrfind", LrFindChart.chart(Fixtures.lrfind()));
        List<RunRecord> runs = compareRuns();
        m.put("overlay-loss", CompareCharts.overlay(runs, "loss"));
        m.put("overlay-acc", CompareCharts.overlay(runs, "acc"));
        m.put("parallel", CompareCharts.parallel(runs, Monitor.parse("val_loss")));
        // a study's charts: trial numbers are whole numbers like epochs; slices on a log range, a choice, an integer range
        var trials = RenderStudyTest.study().trials();
        m.put("history-12", StudyCharts.history(trials, "val_loss", Direction.MINIMIZE));
        m.put("history-60", StudyCharts.history(longStudy(60), "val_acc", Direction.MAXIMIZE));
        m.put("slice-lr", StudyCharts.slice(trials, "lr", RenderStudyTest.SPACE.params().get("lr"), "val_loss"));
        m.put("slice-opt", StudyCharts.slice(trials, "opt", RenderStudyTest.SPACE.params().get("opt"), "val_loss"));
        var wide = longStudy(20);
        m.put("slice-width", StudyCharts.slice(wide, "width", LONG_SPACE.params().get("width"), "val_acc"));
        m.put("pred-vs-actual", InterpretCharts.predictedVsActual(RenderInterpretTest.regression()));
        return m;
    }

    static final SearchSpace LONG_SPACE = SearchSpace.of().intRange("width", 16, 40);

    /** {@code n} complete trials of an integer parameter (accuracy rising with it, a little noise). */
    static List<Trial> longStudy(int n) {
        Study s = Study.builder().space(LONG_SPACE).sampler(new RandomSampler()).seed(7).build();
        s.optimize(t -> 0.5 + t.getLong("width") / 100.0 + 0.01 * Math.sin(t.number()), n);
        return s.trials();
    }

    /** The live chart is not painted while it is laid out (it is cheap on purpose): paint it to measure it. */
    static XYChart painted(XYChart c) {
        ChartEncoder.png(c);
        return c;
    }

    /** Runs that differ in long-valued hyperparameters (the quickstart's {@code %compare baseline small_sgd}). */
    static List<RunRecord> compareRuns() {
        RunRecord a = Fixtures.run("baseline", 5, 10, 1e-3), b = Fixtures.run("small_sgd", 3, 10, 0.05),
                c = Fixtures.run("wide", 5, 10, 3e-3);
        a.spec().put("model", "mlp(256,128)");
        b.spec().put("model", "mlp(128)");
        c.spec().put("model", "mlp(512,256,128)");
        a.spec().put("opt", "adam");
        b.spec().put("opt", "momentum");
        c.spec().put("opt", "adamw");
        a.spec().put("sched", "cosine");
        b.spec().put("sched", "step");
        c.spec().put("sched", "onecycle");
        return List.of(a, b, c);
    }

    @Test
    void epochAxesAreLabelledAtWholeEpochsOnly() {
        for (Map.Entry<String, XYChart> e : charts().entrySet()) {
            String k = e.getKey();
            if (!(k.startsWith("loss") || k.startsWith("live") || k.startsWith("overlay") || k.startsWith("history")
                    || k.equals("slice-width"))) continue;
            XYChart c = e.getValue();
            List<ChartGeometry.Tick> ticks = ChartGeometry.xTicks(c);
            List<Long> values = new ArrayList<>();
            for (ChartGeometry.Tick t : ticks) {
                if (t.label().isBlank()) continue;
                assertTrue(t.label().matches("\\d+"), k + ": tick '" + t.label() + "' is not a whole epoch");
                values.add(Long.parseLong(t.label()));
            }
            assertTrue(values.size() >= 2 && values.size() <= 12, k + ": " + values.size() + " epoch labels " + values);
            long step = values.get(1) - values.get(0);
            assertTrue(isOneTwoFive(step), k + ": epoch step " + step + " in " + values);
            for (int i = 1; i < values.size(); i++) assertEquals(step, values.get(i) - values.get(i - 1), k + ": " + values);
            assertTicksApart(c, ticks, k);
        }
    }

    @Test
    void stepAndValueAxesUseRoundNumbersAndDecadesOnLogAxes() {
        for (Map.Entry<String, XYChart> e : charts().entrySet()) {
            String k = e.getKey();
            XYChart c = e.getValue();
            if (k.equals("parallel")) continue;
            List<ChartGeometry.Tick> xt = ChartGeometry.xTicks(c);
            assertTicksApart(c, xt, k);
            if (c.getStyler().isXAxisLogarithmic()) {
                for (ChartGeometry.Tick t : xt) assertTrue(t.label().matches("1E-?\\d+"), k + ": log tick " + t.label());
                assertTrue(xt.size() >= 3, k + ": decades " + xt);
            } else if (k.startsWith("lr") || k.startsWith("grad") || k.equals("preview")) {
                List<Double> v = new ArrayList<>();
                for (ChartGeometry.Tick t : xt) v.add(Double.parseDouble(t.label().replace(",", "")));
                long xs = c.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                        .flatMapToDouble(sr -> java.util.Arrays.stream(sr.getXData())).distinct().count();
                if (v.size() == 1 && xs <= 1) continue; // one gradient sample: one x, one tick at it
                assertTrue(v.size() >= 2 && v.size() <= 12, k + ": " + v);
                double step = v.get(1) - v.get(0);
                assertTrue(isOneTwoFive(step), k + ": step " + step + " in " + v);
                for (double x : v) assertEquals(0, Math.IEEEremainder(x, step), 1e-9, k + ": " + v);
            }
            List<ChartGeometry.Tick> yt = ChartGeometry.yTicks(c, 0);
            assertTrue(yt.size() >= 2 && yt.size() <= 12, k + ": y ticks " + yt);
            for (int i = 1; i < yt.size(); i++) {
                double h = c.getStyler().getAxisTickLabelsFont().getSize2D();
                assertTrue(Math.abs(yt.get(i).position() - yt.get(i - 1).position()) > h, k + ": y labels overlap " + yt);
            }
            if (c.getStyler().isYAxisLogarithmic()) {
                for (ChartGeometry.Tick t : yt) assertTrue(t.label().matches("1E-?\\d+"), k + ": log y tick " + t.label());
            }
        }
    }

    /**
     * The confusion matrix (a heat map, not an XY chart): every class named on both axes, x labels (rotated 45° from
     * five classes on) and y labels clear of their neighbours, for 3, 10 and 30 classes.
     */
    @Test
    void confusionMatrixLabelsEveryClassWithoutOverlap() {
        for (int k : new int[]{3, 10, 30}) {
            var in = RenderInterpretTest.classes(k);
            var c = InterpretCharts.confusion(in);
            ChartEncoder.png(c);
            Font f = c.getStyler().getAxisTickLabelsFont();
            double angle = Math.toRadians(c.getStyler().getXAxisLabelRotation());
            List<ChartGeometry.Tick> xt = ChartGeometry.xTicks(c), yt = ChartGeometry.yTicks(c, 0);
            assertEquals(k, xt.stream().filter(t -> !t.label().isBlank()).count(), k + " classes across: " + xt);
            assertEquals(k, yt.stream().filter(t -> !t.label().isBlank()).count(), k + " classes down: " + yt);
            double h = new TextLayout("Hg", f, FRC).getBounds().getHeight();
            for (int i = 1; i < xt.size(); i++) {
                double gap = Math.abs(xt.get(i).position() - xt.get(i - 1).position());
                double need = angle == 0
                        ? (new TextLayout(xt.get(i).label(), f, FRC).getBounds().getWidth()
                        + new TextLayout(xt.get(i - 1).label(), f, FRC).getBounds().getWidth()) / 2
                        : h / Math.sin(angle); // parallel rotated labels: their distance across is gap·sin(angle)
                assertTrue(gap > need, k + " classes: x labels '" + xt.get(i - 1).label() + "' and '" + xt.get(i).label()
                        + "' " + gap + " px apart, need " + need);
            }
            for (int i = 1; i < yt.size(); i++) {
                assertTrue(Math.abs(yt.get(i).position() - yt.get(i - 1).position()) > h, k + " classes: y labels overlap " + yt);
            }
        }
    }

    @Test
    void aChoiceSliceLabelsEachChoiceByName() {
        XYChart c = charts().get("slice-opt");
        List<String> labels = new ArrayList<>();
        for (ChartGeometry.Tick t : ChartGeometry.xTicks(c)) if (!t.label().isBlank()) labels.add(t.label());
        assertEquals(List.of("sgd", "adam"), labels);
    }

    @Test
    void labelsNeverOverlapAndStayInsideThePlot() {
        for (Map.Entry<String, XYChart> e : charts().entrySet()) {
            String k = e.getKey();
            XYChart c = e.getValue();
            ChartLayout.Result r = ChartLayout.of(c);
            assertNotNull(r, k + " was laid out");
            ChartEncoder.png(c);
            Rectangle2D plot = ChartGeometry.plot(c);
            Rectangle2D legend = r.legend().name().startsWith("Outside") ? null : ChartGeometry.legend(c);
            List<Rectangle2D> boxes = r.labelBoxes();
            for (int i = 0; i < boxes.size(); i++) {
                assertTrue(plot.contains(boxes.get(i)), k + ": label '" + r.placed().get(i) + "' leaves the plot");
                if (legend != null) assertFalse(legend.intersects(boxes.get(i)), k + ": '" + r.placed().get(i) + "' under the legend");
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertFalse(boxes.get(i).intersects(boxes.get(j)),
                            k + ": '" + r.placed().get(i) + "' overlaps '" + r.placed().get(j) + "'");
                }
                for (Rectangle2D a : r.anchors()) assertFalse(a.intersects(boxes.get(i)), k + ": label covers a marker");
            }
        }
    }

    @Test
    void everyNamedLabelFindsAPlace() {
        Map<String, XYChart> m = charts();
        ChartLayout.Result lr = ChartLayout.of(m.get("lrfind"));
        assertEquals(List.of(), lr.dropped(), "range-test suggestions");
        assertEquals(4, lr.placed().size(), lr.placed().toString());
        ChartLayout.Result loss = ChartLayout.of(m.get("loss-findings"));
        assertEquals(List.of("exploding-gradients", "overfitting"), loss.placed());
        ChartLayout.Result par = ChartLayout.of(m.get("parallel"));
        assertEquals(List.of(), par.dropped(), "parallel-coordinates labels");
        for (String name : List.of("model", "opt", "sched", "lr", "val_loss")) assertTrue(par.placed().contains(name), par.placed().toString());
        assertTrue(par.placed().contains("mlp(512,256,128)") || par.placed().stream().anyMatch(p -> p.startsWith("mlp(512")), par.placed().toString());
    }

    @Test
    void legendsSitInAFreeCornerOrBelowAndNeverSqueezeThePlot() {
        for (Map.Entry<String, XYChart> e : charts().entrySet()) {
            String k = e.getKey();
            XYChart c = e.getValue();
            ChartEncoder.png(c);
            Rectangle2D plot = ChartGeometry.plot(c);
            assertTrue(plot.getWidth() >= (r0(c) == Styler.LegendPosition.OutsideE ? 0.7 : 0.8) * c.getWidth(), k + ": plot " + plot.getWidth() + " of " + c.getWidth() + " px wide");
            assertTrue(plot.getHeight() >= 0.5 * c.getHeight(), k + ": plot " + plot.getHeight() + " of " + c.getHeight() + " px high");
            ChartLayout.Result r = ChartLayout.of(c);
            if (r.legend() == Styler.LegendPosition.OutsideS || r.legend() == Styler.LegendPosition.OutsideE) continue;
            Rectangle2D legend = ChartGeometry.legend(c);
            if (legend == null) continue;
            assertTrue(plot.contains(legend), k + ": an inside legend lies in the plot");
            for (Line2D s : segmentsOf(c)) assertFalse(s.intersects(legend), k + ": legend " + r.legend() + " covers a curve");
        }
    }

    @Test
    void pngsAreDrawnAtTwiceTheirLogicalSize() throws Exception {
        for (Map.Entry<String, XYChart> e : charts().entrySet()) {
            XYChart c = e.getValue();
            Rich r = ChartEncoder.encode(c, ChartFormat.PNG, e.getKey());
            if (e.getKey().startsWith("live")) {
                Rich live = Views.live(Fixtures.run("live", 3, 5, 1e-3), ChartFormat.PNG);
                assertEquals(RunCharts.LIVE_W, ImageIO.read(new ByteArrayInputStream(live.pngOrNull())).getWidth(),
                        "the live chart (redrawn on the training thread) stays at 1x");
                assertArrayEquals(new int[]{RunCharts.LIVE_W, RunCharts.LIVE_H}, live.size(Rich.PNG));
            }
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.pngOrNull()));
            assertEquals(2 * c.getWidth(), img.getWidth(), e.getKey());
            assertEquals(2 * c.getHeight(), img.getHeight(), e.getKey());
            assertArrayEquals(new int[]{c.getWidth(), c.getHeight()}, r.size(Rich.PNG), e.getKey());
            assertEquals(Map.of("width", c.getWidth(), "height", c.getHeight()), r.metadata().get(Rich.PNG));
            assertTrue(r.toHtmlFragment().contains("width=\"" + c.getWidth() + "\""), "shown at its logical size in HTML");
            String preview = System.getProperty("trainbook.chartPreview");
            if (preview != null) {
                Files.createDirectories(Path.of(preview));
                Files.write(Path.of(preview, e.getKey() + ".png"), r.pngOrNull());
            }
        }
    }

    @Test
    void topLossGridIsDrawnAtTwiceItsLogicalSizeWithTheSamePicture() throws Exception {
        trainbook.engine.interpret.Interpretation in = RenderInterpretTest.images(9);
        Rich out = Views.interpret(in, ChartFormat.PNG).outputs().stream()
                .filter(r -> r.isImage() && r.plain().contains("top 9 losses")).findFirst().orElseThrow();
        BufferedImage one = trainbook.render.chart.TopLossGrid.image(in);
        BufferedImage two = ImageIO.read(new ByteArrayInputStream(out.pngOrNull()));
        // 3 × 3 tiles of 150 px plus padding, shown at that size and drawn at twice it
        int w = 8 + 3 * (150 + 8), h = 42 + 3 * (112 + 34 + 8) + 8;
        assertEquals(w, one.getWidth());
        assertEquals(h, one.getHeight());
        assertEquals(2 * w, two.getWidth());
        assertEquals(2 * h, two.getHeight());
        assertArrayEquals(new int[]{w, h}, out.size(Rich.PNG));
        assertEquals(Map.of("width", w, "height", h), out.metadata().get(Rich.PNG));
        assertTrue(out.toHtmlFragment().contains("width=\"" + w + "\""), "shown at its logical size in HTML");
        // the same picture, only sharper: every sample pixel of the 1x grid is a 2x2 block of the 2x one
        // (nearest-neighbour tiles), and the text's ink spans twice the extent
        int x0 = 8 + (150 - 112) / 2, y0 = 42, diff = 0;
        for (int y = y0; y < y0 + 112; y++) {
            for (int x = x0; x < x0 + 112; x++) {
                int p = one.getRGB(x, y);
                if (two.getRGB(2 * x, 2 * y) != p || two.getRGB(2 * x + 1, 2 * y + 1) != p) diff++;
            }
        }
        assertTrue(diff <= 112 * 4, "tile pixels that differ between 1x and 2x: " + diff);
        Rectangle2D ink1 = ink(one, 0, 36), ink2 = ink(two, 0, 72);
        assertNotNull(ink1);
        assertNotNull(ink2);
        // font hinting at the larger size moves glyph advances by a few percent, no more
        assertEquals(2 * ink1.getWidth(), ink2.getWidth(), 0.05 * 2 * ink1.getWidth(), "header text width: " + ink1 + " vs " + ink2);
        assertEquals(2 * ink1.getHeight(), ink2.getHeight(), 4, "header text height: " + ink1 + " vs " + ink2);
        assertEquals(2 * ink1.getX(), ink2.getX(), 3);
        assertTrue(ink2.getMaxX() < two.getWidth() - 2 * 8, "the header stays inside the padding: " + ink2);
    }

    /** Bounding box of the non-white pixels in rows [y0, y1) of an image, or null when there are none. */
    private static Rectangle2D ink(BufferedImage img, int y0, int y1) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == 0xffffff) continue;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
        }
        return maxX < 0 ? null : new Rectangle2D.Double(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    @Test
    void aRunKeepsItsColourAcrossTheComparisonCharts() {
        Map<String, XYChart> m = charts();
        List<RunRecord> runs = compareRuns();
        for (RunRecord r : runs) {
            Color loss = m.get("overlay-loss").getSeriesMap().get(r.name() + " val").getLineColor();
            Color acc = m.get("overlay-acc").getSeriesMap().get(r.name() + " val").getLineColor();
            Color par = m.get("parallel").getSeriesMap().entrySet().stream()
                    .filter(s -> s.getKey().startsWith(r.name() + " (")).findFirst().orElseThrow().getValue().getLineColor();
            assertEquals(loss, acc, r.name());
            assertEquals(loss, par, r.name());
        }
        assertNotEquals(m.get("overlay-loss").getSeriesMap().get("baseline val").getLineColor(),
                m.get("overlay-loss").getSeriesMap().get("wide val").getLineColor());
    }

    private static Styler.LegendPosition r0(XYChart c) {
        return ChartLayout.of(c).legend();
    }

    private static List<Line2D> segmentsOf(XYChart c) {
        List<Line2D> out = new ArrayList<>();
        for (XYSeries s : c.getSeriesMap().values()) {
            if (!s.isShowInLegend()) continue;
            double[] xs = s.getXData(), ys = s.getYData();
            double[] prev = null;
            for (int i = 0; i < xs.length; i++) {
                if (c.getStyler().isXAxisLogarithmic() && xs[i] <= 0 || c.getStyler().isYAxisLogarithmic() && ys[i] <= 0) continue;
                double[] p = {c.getScreenXFromChart(xs[i]), c.getScreenYFromChart(ys[i], s.getYAxisGroup())};
                boolean line = s.getXYSeriesRenderStyle() != XYSeries.XYSeriesRenderStyle.Scatter;
                out.add(new Line2D.Double(line && prev != null ? prev[0] : p[0], line && prev != null ? prev[1] : p[1], p[0], p[1]));
                prev = p;
            }
        }
        return out;
    }

    private static void assertTicksApart(XYChart c, List<ChartGeometry.Tick> ticks, String k) {
        Font f = c.getStyler().getAxisTickLabelsFont();
        double prevRight = Double.NEGATIVE_INFINITY;
        for (ChartGeometry.Tick t : ticks) {
            if (t.label().isBlank()) continue;
            double w = new TextLayout(t.label(), f, FRC).getBounds().getWidth();
            double left = t.position() - w / 2;
            assertTrue(left > prevRight + 4, k + ": tick label '" + t.label() + "' touches its neighbour in " + ticks);
            prevRight = t.position() + w / 2;
        }
    }

    static boolean isOneTwoFive(double step) {
        if (!(step > 0)) return false;
        double m = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        return Math.abs(m - 1) < 1e-6 || Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6;
    }
}
