package trainbook.render;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import trainbook.engine.run.RunRecord;
import trainbook.render.compare.Monitor;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderViewsTest {

    @Test
    void trainViewHasFigureTableAndDiagnosis() throws Exception {
        RunRecord r = Fixtures.runWithFindings();
        Rich v = Views.train(r, ChartFormat.PNG);
        assertEquals(List.of(Rich.TEXT, Rich.HTML), List.copyOf(v.mimeTypes()));
        Document d = Fixtures.xml(v.htmlOrNull());
        NodeList imgs = d.getElementsByTagName("img");
        assertEquals(3, imgs.getLength());
        for (int i = 0; i < imgs.getLength(); i++) {
            String src = imgs.item(i).getAttributes().getNamedItem("src").getNodeValue();
            assertTrue(src.startsWith("data:image/png;base64,"));
            byte[] png = Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
            assertNotNull(ImageIO.read(new ByteArrayInputStream(png)));
        }
        assertEquals(2, d.getElementsByTagName("table").getLength(), "run table + findings");
        String text = v.plain();
        assertTrue(text.contains("sick<run> — completed (epoch 4/4)"), text);
        assertTrue(text.contains("hyperparameters and results"));
        assertTrue(text.contains("[problem] exploding-gradients"));
        assertFalse(v.htmlOrNull().contains("sick<run>"), "names are escaped in HTML");
    }

    @Test
    void lrfindAndCompareViewsAndLive() throws Exception {
        Rich lf = Views.lrfind(Fixtures.lrfind(), ChartFormat.SVG);
        Document d = Fixtures.xml(lf.htmlOrNull());
        assertEquals(1, d.getElementsByTagName("img").getLength());
        assertTrue(lf.htmlOrNull().contains("data:image/svg+xml;base64,"));
        assertTrue(lf.plain().contains("Suggested lr=3e-3"));

        List<RunRecord> runs = List.of(Fixtures.run("a", 3, 3, 1e-3), Fixtures.run("b", 3, 3, 1e-2));
        Rich cmp = Views.compare(runs, Monitor.VAL_LOSS, ChartFormat.PNG);
        Document c = Fixtures.xml(cmp.htmlOrNull());
        assertEquals(3, c.getElementsByTagName("img").getLength(), "loss and accuracy overlays + parallel coordinates");
        assertEquals(2, c.getElementsByTagName("table").getLength(), "leaderboard + importance");
        assertTrue(cmp.plain().contains("leaderboard: 2 runs"));
        assertTrue(cmp.plain().contains("hyperparameter importance"));

        Rich single = Views.compare(List.of(runs.get(0)), Monitor.VAL_LOSS, ChartFormat.PNG);
        assertEquals(2, Fixtures.xml(single.htmlOrNull()).getElementsByTagName("img").getLength(), "no parallel chart for one run");

        Rich live = Views.live(runs.get(0), ChartFormat.PNG);
        assertEquals(List.of(Rich.TEXT, Rich.PNG, Rich.VEGALITE), List.copyOf(live.mimeTypes()));
        assertTrue(live.plain().startsWith("a: 9 steps, 3/3 epochs"), live.plain());
        assertThrows(IllegalArgumentException.class, () -> Views.compare(List.of(), Monitor.VAL_LOSS, ChartFormat.PNG));
    }

    @Test
    void dryRunShowsConfigAndSchedulePreview() throws Exception {
        trainbook.engine.TrainSpec spec = new trainbook.engine.TrainSpec().epochs(3).lr(1e-2).sched("cosine").warmupSteps(5);
        double[] plan = new double[30];
        for (int i = 0; i < plan.length; i++) plan[i] = i < 5 ? 1e-2 * (i + 1) / 5 : 1e-4 + (1e-2 - 1e-4) * 0.5 * (1 + Math.cos(Math.PI * (i - 5) / 25));
        var chart = trainbook.render.chart.RunCharts.schedulePreview(plan, 10, 5, "warmup(5 steps) → cosine(1e-2 → 1e-4)");
        assertEquals(30, chart.getSeriesMap().get("planned lr").getXData().length);
        assertEquals(3, chart.getSeriesMap().get("epoch start").getXData().length);
        Rich v = Views.dry(spec, plan, 10, 5, "warmup(5 steps) → cosine(1e-2 → 1e-4)", ChartFormat.PNG);
        Document d = Fixtures.xml(v.htmlOrNull());
        assertEquals(1, d.getElementsByTagName("img").getLength());
        List<List<String>> rows = Fixtures.rows(v.htmlOrNull(), "td");
        assertTrue(rows.contains(List.of("lr", "0.01", "set")), rows.toString());
        assertTrue(rows.contains(List.of("warmup", "5s", "set")), rows.toString());
        assertTrue(rows.contains(List.of("opt", "adam", "default")), rows.toString());
        assertFalse(rows.stream().anyMatch(r -> r.get(0).equals("momentum")));
        assertTrue(v.plain().startsWith("dry run (no training): 30 steps = 3 epochs × 10 steps"), v.plain());
        assertTrue(trainbook.render.table.RunTables.config(spec, true).table().rowCount() > rows.size());
    }
}
