package trainbook.render;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;
import trainbook.engine.run.RunRecord;
import trainbook.render.chart.RunCharts;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderRunChartsTest {

    static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "PNG must decode");
        return img;
    }

    @Test
    void lossChartHasCurvesBestEpochAndFindingMarkers() throws Exception {
        RunRecord r = Fixtures.runWithFindings();
        XYChart c = RunCharts.lossChart(r);
        var names = c.getSeriesMap().keySet();
        assertTrue(names.contains("train loss"), names.toString());
        assertTrue(names.contains("val loss"));
        assertTrue(names.contains("val acc"));
        assertTrue(names.stream().anyMatch(n -> n.equals("best: epoch 3")), names.toString());
        assertTrue(names.contains("problem"), names.toString());
        assertTrue(names.contains("warning"), names.toString());
        assertEquals(List.of("exploding-gradients", "overfitting"), trainbook.render.chart.ChartLayout.of(c).placed(),
                "each marked rule is named beside its marker");
        assertFalse(names.stream().anyMatch(n -> n.contains("engine-note")), "finding without position is not marked");
        assertTrue(c.getTitle().contains("— completed (epoch 4/4)"), c.getTitle());
        r.stopReason(trainbook.engine.run.StopReason.PATIENCE);
        assertTrue(RunCharts.lossChart(r).getTitle().contains("stopped early: patience"));
        BufferedImage img = decode(ChartEncoder.png(c));
        assertEquals(RunCharts.LOSS_W, img.getWidth());
        assertEquals(RunCharts.LOSS_H, img.getHeight());
    }

    @Test
    void epochMetricsAreDrawnOnTheRightHandAxis() throws Exception {
        RunRecord r = Fixtures.run("m", 3, 4, 1e-3);
        r.epochs().replaceAll(e -> new trainbook.engine.run.EpochRecord(e.epoch(), e.trainLoss(), e.valLoss(), e.trainAcc(),
                e.valAcc(), e.lr(), e.seconds(), java.util.Map.of("val_f1", 0.5 + 0.1 * e.epoch())));
        XYChart c = RunCharts.lossChart(r);
        var f1 = c.getSeriesMap().get("val f1");
        assertNotNull(f1, "series " + c.getSeriesMap().keySet());
        assertEquals(1, f1.getYAxisGroup(), "beside accuracy, on the 0–1 axis");
        assertArrayEquals(new double[]{0.6, 0.7, 0.8}, f1.getYData(), 1e-12);
        assertNull(RunCharts.lossChart(Fixtures.run("plain", 3, 4, 1e-3)).getSeriesMap().get("val f1"));
        ChartEncoder.png(c); // paints
    }

    @Test
    void lossChartSvgParsesAsXml() throws Exception {
        String svg = ChartEncoder.svg(RunCharts.lossChart(Fixtures.run("a", 3, 4, 1e-3)));
        Document d = Fixtures.xml(svg);
        assertEquals("svg", d.getDocumentElement().getTagName());
        assertEquals("720px", d.getDocumentElement().getAttribute("width"));
        assertEquals("400px", d.getDocumentElement().getAttribute("height"));
        assertTrue(svg.startsWith("<svg"), "no prolog or DOCTYPE");
        assertTrue(d.getElementsByTagName("path").getLength() > 20, "glyph outlines are paths");
        assertTrue(d.getElementsByTagName("polyline").getLength() >= 1, "a curve without markers is one polyline");
        assertTrue(svg.length() < 200_000, "compact SVG: " + svg.length());
    }

    @Test
    void lrAndGradChartsDrawAppliedPlannedAndClip() throws Exception {
        RunRecord r = Fixtures.run("b", 3, 6, 1e-2);
        r.spec().put("clip", "1.5");
        XYChart lr = RunCharts.lrChart(r);
        assertTrue(lr.getSeriesMap().containsKey("applied"));
        assertTrue(lr.getSeriesMap().containsKey("planned"));
        XYChart g = RunCharts.gradChart(r);
        assertEquals(9, g.getSeriesMap().get("grad norm").getXData().length, "NaN samples are skipped");
        assertTrue(g.getSeriesMap().containsKey("clip = 1.5"));
        BufferedImage img = decode(ChartEncoder.png(g));
        assertEquals(RunCharts.SMALL_W, img.getWidth());
        assertEquals(RunCharts.SMALL_H, img.getHeight());
    }

    @Test
    void emptyRunStillPaints() throws Exception {
        RunRecord r = new RunRecord("empty");
        for (XYChart c : new XYChart[]{RunCharts.lossChart(r), RunCharts.lrChart(r), RunCharts.gradChart(r), RunCharts.liveChart(r)}) {
            assertNotNull(decode(ChartEncoder.png(c)));
        }
        Fixtures.xml(ChartEncoder.svg(RunCharts.gradChart(r)));
    }

    @Test
    void nonFiniteLossesAreSkippedAndExplosionClipped() throws Exception {
        RunRecord r = Fixtures.run("div", 2, 5, 1.0);
        var steps = r.steps();
        steps.set(8, new trainbook.engine.run.StepRecord(8, 2, 3, 1.0, Double.NaN, Double.NaN, Double.NaN, 1));
        steps.set(9, new trainbook.engine.run.StepRecord(9, 2, 4, 1.0, 1e9, 1e6, Double.NaN, 1));
        XYChart c = RunCharts.lossChart(r);
        assertTrue(c.getTitle().contains("clipped"), c.getTitle());
        decode(ChartEncoder.png(c));
    }

    @Test
    void liveChartIsSmallAndFigureCombinesThreeImages() throws Exception {
        RunRecord r = Fixtures.run("live", 2, 10, 1e-3);
        BufferedImage img = decode(ChartEncoder.png(RunCharts.liveChart(r)));
        assertEquals(RunCharts.LIVE_W, img.getWidth());
        assertEquals(RunCharts.LIVE_H, img.getHeight());
        assertTrue(RunCharts.liveChart(r).getSeriesMap().keySet().containsAll(java.util.List.of("train (step)", "train", "val", "val acc")));

        Rich fig = RunCharts.figure(r, ChartFormat.PNG);
        assertEquals(3, fig.htmlOrNull().split("data:image/png;base64,", -1).length - 1);
        assertTrue(fig.plain().contains("best epoch 1"), fig.plain());
        assertTrue(fig.plain().contains("learning rate"), fig.plain());
        assertTrue(fig.plain().contains("gradient norm"), fig.plain());
        Fixtures.xml(fig.htmlOrNull());

        Rich svgFig = RunCharts.figure(r, ChartFormat.SVG);
        assertEquals(3, svgFig.htmlOrNull().split("data:image/svg\\+xml;base64,", -1).length - 1);
        assertFalse(svgFig.htmlOrNull().contains("<script"));
    }

    @Test
    void liveChartToleratesConcurrentAppends() throws Exception {
        RunRecord r = new RunRecord("racing").stepsPerEpoch(50);
        r.spec().put("epochs", "40");
        Thread writer = new Thread(() -> {
            for (int s = 0; s < 2000; s++) {
                r.steps().add(new trainbook.engine.run.StepRecord(s, s / 50 + 1, s % 50, 1e-3, 2.0 / (1 + s), Double.NaN, Double.NaN, 1));
                if (s % 50 == 49) r.epochs().add(new trainbook.engine.run.EpochRecord(s / 50 + 1, 1.0 / (1 + s), 1.1 / (1 + s), Double.NaN, Double.NaN, 1e-3, 1));
            }
        });
        writer.start();
        for (int i = 0; i < 5; i++) decode(ChartEncoder.png(RunCharts.liveChart(r)));
        writer.join();
        XYChart done = RunCharts.liveChart(r);
        assertEquals(200, done.getSeriesMap().get("train (step)").getXData().length, "down-sampled to 200 points");
        assertEquals(40, done.getSeriesMap().get("val").getXData().length);
        assertEquals("racing — epoch 40/40", done.getTitle());
        java.util.List<String> withNull = new java.util.ArrayList<>(java.util.Arrays.asList("a", null, "b"));
        assertEquals(java.util.List.of("a", "b"), trainbook.render.chart.ChartKit.snapshot(withNull));
    }

    @Test
    void smoothingAndDownsampling() {
        double[] s = trainbook.render.chart.ChartKit.ema(new double[]{1, Double.NaN, 1, 1}, 0.9);
        assertEquals(1.0, s[0], 1e-12, "debiased: the first value is kept");
        assertTrue(Double.isNaN(s[1]));
        assertEquals(1.0, s[3], 1e-12);
        double[] x = new double[1000], y = new double[1000];
        for (int i = 0; i < 1000; i++) { x[i] = i; y[i] = i; }
        double[][] d = trainbook.render.chart.ChartKit.downsample(x, y, 100);
        assertEquals(100, d[0].length);
        assertEquals(4.5, d[1][0], 1e-12);
        assertEquals(994.5, d[1][99], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> trainbook.render.chart.ChartKit.ema(new double[1], 1.0));
    }

    @Test
    void regressionRunHasNoAccuracyAxisAndEmptyLrFindStillPaints() throws Exception {
        RunRecord r = Fixtures.run("reg", 3, 4, 1e-3);
        r.epochs().replaceAll(e -> new trainbook.engine.run.EpochRecord(e.epoch(), e.trainLoss(), e.valLoss(), Double.NaN, Double.NaN, e.lr(), e.seconds()));
        XYChart c = RunCharts.lossChart(r);
        assertFalse(c.getSeriesMap().containsKey("val acc"));
        assertFalse(c.getSeriesMap().containsKey("train acc"));
        decode(ChartEncoder.png(c));

        var sug = new java.util.LinkedHashMap<String, Double>();
        sug.put("valley", Double.NaN);
        var empty = new trainbook.engine.lrfind.LrFindResult(new double[0], new double[0], new double[0], sug, "valley",
                Double.NaN, 0, trainbook.engine.lrfind.RangeStop.DIVERGED, "exp");
        XYChart lf = trainbook.render.chart.LrFindChart.chart(empty);
        assertEquals(1, lf.getSeriesMap().size(), "placeholder only");
        decode(ChartEncoder.png(lf));
        assertTrue(trainbook.render.chart.LrFindChart.text(empty).contains("0 steps"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainbook.render.chart.LrFindChart.chart(null));
        assertTrue(e.getMessage().contains("run %lrfind first"));
    }

    @Test
    void svgLineSegmentsAreJoinedIntoPolylines() throws Exception {
        String a = "<line style=\"s1\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"1\"/>";
        String b = "<line style=\"s1\" x1=\"1\" x2=\"2\" y1=\"1\" y2=\"0\"/>";
        String c = "<line style=\"s1\" x1=\"2\" x2=\"3\" y1=\"0\" y2=\"5\"/>";
        String other = "<line style=\"s2\" x1=\"3\" x2=\"4\" y1=\"5\" y2=\"5\"/>";
        String gap = "<line style=\"s1\" x1=\"9\" x2=\"8\" y1=\"9\" y2=\"8\"/>";
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><g>\n  " + a + "\n  " + b + "\n  " + c + "\n  " + other
                + "\n  " + gap + "\n</g></svg>";
        String out = ChartEncoder.joinLines(svg);
        assertEquals("<svg xmlns=\"http://www.w3.org/2000/svg\"><g>\n  <polyline style=\"s1\" points=\"0,0 1,1 2,0 3,5\"/>\n  "
                + other + "\n  " + gap + "\n</g></svg>", out);
        Fixtures.xml(out);
        assertEquals("<svg/>", ChartEncoder.joinLines("<svg/>"));
    }
}
