package trainbook.render;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;
import trainbook.render.chart.CompareCharts;
import trainbook.render.chart.LrFindChart;
import trainbook.render.compare.Importance;
import trainbook.render.compare.Monitor;
import trainbook.render.compare.RunSet;
import trainbook.render.table.CompareTables;
import trainbook.render.table.TableView;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderCompareTest {

    /** A run whose val loss per epoch is {@code base} + a small epoch trend, and val acc = 1 - val loss. */
    static RunRecord run(String name, String opt, String lr, String seed, double base) {
        RunRecord r = Fixtures.run(name, 3, 2, 1e-3);
        r.spec().put("opt", opt);
        r.spec().put("lr", lr);
        r.spec().put("seed", seed);
        r.epochs().replaceAll(e -> new EpochRecord(e.epoch(), base + 0.1, base + 0.05 * (3 - e.epoch()),
                0.5, 1 - base - 0.05 * (3 - e.epoch()), e.lr(), e.seconds()));
        return r;
    }

    /** 2 opts × 2 lrs × 2 seeds; the metric depends only on opt. */
    static List<RunRecord> grid() {
        List<RunRecord> runs = new ArrayList<>();
        int i = 0;
        for (String opt : List.of("sgd", "adam"))
            for (String lr : List.of("0.1", "1e-3"))
                for (String seed : List.of("1", "2"))
                    runs.add(run("r" + (i++), opt, lr, seed, opt.equals("adam") ? 0.3 : 0.6));
        return runs;
    }

    @Test
    void importanceRanksTheKeyThatDeterminesTheMetric() {
        List<RunRecord> runs = grid();
        List<Importance.Score> s = Importance.scores(runs, Monitor.VAL_LOSS);
        assertEquals(List.of("opt", "lr", "seed"), s.stream().map(Importance.Score::key).toList());
        assertEquals(1.0, s.get(0).score(), 1e-12);
        assertEquals(0.0, s.get(1).score(), 1e-12);
        assertEquals(0.0, s.get(2).score(), 1e-12);
        assertEquals("adam", s.get(0).bestValue());
        assertEquals(0.3, s.get(0).bestMean(), 1e-12);
        assertTrue(s.get(0).identifiable());
        assertEquals(2, s.get(0).groups());
        assertEquals(8, s.get(0).runs());
    }

    @Test
    void importanceOnMixedEffectsAndDegenerateCases() {
        // metric = opt effect (±0.2) + lr effect (±0.1): eta² of opt = 0.04/0.05 = 0.8, lr = 0.01/0.05 = 0.2
        List<RunRecord> runs = new ArrayList<>();
        int i = 0;
        for (String opt : List.of("sgd", "adam"))
            for (String lr : List.of("0.1", "1e-3"))
                runs.add(run("m" + (i++), opt, lr, "1", 0.5 + (opt.equals("sgd") ? 0.2 : -0.2) + (lr.equals("0.1") ? 0.1 : -0.1)));
        List<Importance.Score> s = Importance.scores(runs, Monitor.VAL_LOSS);
        assertEquals("opt", s.get(0).key());
        assertEquals(0.8, s.get(0).score(), 1e-9);
        assertEquals(0.2, s.get(1).score(), 1e-9);

        // every run its own value, only two runs: trivially 1, flagged as not identifiable
        List<RunRecord> unique = List.of(run("a", "sgd", "0.1", "1", 0.4), run("b", "sgd", "0.01", "2", 0.5));
        Importance.Score u = Importance.score(unique, "lr", Monitor.VAL_LOSS);
        assertFalse(u.identifiable());
        assertEquals("η²", u.method());
        // random search: every run its own numeric value -> rank correlation
        List<RunRecord> random = List.of(run("a", "sgd", "0.3", "7", 0.9), run("b", "sgd", "0.01", "3", 0.5),
                run("c", "sgd", "0.001", "9", 0.3), run("d", "sgd", "0.05", "1", 0.7));
        Importance.Score lr = Importance.score(random, "lr", Monitor.VAL_LOSS);
        assertEquals("ρ²", lr.method());
        assertEquals(1.0, lr.score(), 1e-12, "metric monotone in lr");
        assertFalse(lr.identifiable(), "4 runs are below Importance.MIN_RANK_RUNS");
        assertTrue(Importance.shortfall(lr).startsWith("not enough runs"), Importance.shortfall(lr));
        assertEquals("0.001", lr.bestValue());
        Importance.Score seed = Importance.score(random, "seed", Monitor.VAL_LOSS);
        assertEquals(0.16, seed.score(), 1e-12, "seed ranks (3,2,4,1) vs metric ranks (4,2,1,3): rho = 1 - 6*14/60 = -0.4");
        assertEquals("lr", Importance.scores(random, Monitor.VAL_LOSS).get(0).key());
        List<RunRecord> five = new ArrayList<>(random);
        five.add(run("e", "sgd", "0.1", "5", 0.8));
        assertTrue(Importance.score(five, "lr", Monitor.VAL_LOSS).identifiable(), "5 runs are enough for ρ²");
        // a grid with one run per value of a key: not enough runs for η², even with two values
        List<RunRecord> single = new ArrayList<>(runs);
        Importance.Score once = Importance.score(single, "opt", Monitor.VAL_LOSS);
        assertTrue(once.identifiable(), "2 runs per opt value");
        List<RunRecord> three = List.of(run("a", "sgd", "0.1", "1", 0.4), run("b", "sgd", "0.1", "2", 0.5),
                run("c", "adam", "0.1", "3", 0.2));
        Importance.Score few = Importance.score(three, "opt", Monitor.VAL_LOSS);
        assertFalse(few.identifiable(), "adam has one run");
        assertEquals("not enough runs: η² needs ≥ 2 runs per value (2 values, 3 runs)", Importance.shortfall(few));
        // identical metric: zero
        List<RunRecord> same = List.of(run("a", "sgd", "0.1", "1", 0.4), run("b", "adam", "0.1", "1", 0.4));
        assertEquals(0.0, Importance.score(same, "opt", Monitor.VAL_LOSS).score());
        assertThrows(IllegalArgumentException.class, () -> Importance.scores(List.of(), Monitor.VAL_LOSS));
    }

    @Test
    void spearmanWithTies() {
        assertEquals(1.0, Importance.spearman(new double[]{1, 2, 3}, new double[]{10, 20, 30}), 1e-12);
        assertEquals(-1.0, Importance.spearman(new double[]{1, 2, 3}, new double[]{3, 2, 1}), 1e-12);
        // x ranks (1.5, 1.5, 3) vs y ranks (1, 2, 3): r = 0.866...
        assertEquals(Math.sqrt(3) / 2, Importance.spearman(new double[]{5, 5, 7}, new double[]{1, 2, 3}), 1e-12);
        assertTrue(Double.isNaN(Importance.spearman(new double[]{1, 1, 1}, new double[]{1, 2, 3})));
        assertThrows(IllegalArgumentException.class, () -> Importance.spearman(new double[2], new double[3]));
    }

    @Test
    void monitorParsesAndPicksBest() {
        assertEquals(Monitor.VAL_ACC, Monitor.parse("val_acc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Monitor.parse("accuracy"));
        assertTrue(e.getMessage().contains("'accuracy'") && e.getMessage().contains("val_loss"), e.getMessage());
        RunRecord r = run("x", "sgd", "0.1", "1", 0.4);
        assertEquals(0.4, Monitor.VAL_LOSS.best(r), 1e-12);
        assertEquals(0.6, Monitor.VAL_ACC.best(r), 1e-12);
        RunRecord none = new RunRecord("none");
        assertTrue(Double.isNaN(Monitor.VAL_LOSS.best(none)));
        none.metrics().put("val_loss", 0.7);
        assertEquals(0.7, Monitor.VAL_LOSS.best(none));
    }

    @Test
    void leaderboardKeepsADifferingEpochsKeyApartFromEpochsRan() throws Exception {
        RunRecord a = run("short", "adam", "0.1", "1", 0.4);
        RunRecord b = run("long", "adam", "0.1", "1", 0.3);
        a.spec().put("epochs", "3");
        b.spec().put("epochs", "6");
        String html = CompareTables.leaderboard(List.of(a, b), Monitor.VAL_LOSS).html();
        List<String> head = Fixtures.rows(html, "th").get(0);
        assertTrue(head.contains("epochs") && head.contains("epochs ran"), head.toString());
        assertEquals("6", Fixtures.rows(html, "td").get(0).get(head.indexOf("epochs")));
    }

    @Test
    void leaderboardSortsByMonitorAndShowsOnlyDifferingKeys() throws Exception {
        List<RunRecord> runs = new ArrayList<>(List.of(
                run("mid", "sgd", "0.1", "1", 0.5),
                run("best", "adam", "0.1", "1", 0.2),
                run("worst", "sgd", "1e-3", "1", 0.9)));
        RunRecord nan = new RunRecord("empty").spec(runs.get(0).spec());
        runs.add(0, nan);
        runs.get(3).findings().add(new Finding(Severity.PROBLEM, "divergence", "Loss exploded.", "", "lr=1e-4", 3, -1));
        runs.get(1).findings().add(new Finding(Severity.WARNING, "oscillation", "Noisy.", "", "", -1, -1));

        TableView lb = CompareTables.leaderboard(runs, Monitor.VAL_LOSS);
        String html = lb.html();
        Fixtures.xml(html);
        List<String> head = Fixtures.rows(html, "th").get(0);
        assertEquals(List.of("#", "run", "opt", "lr", "best val_loss", "best epoch", "epochs ran", "time", "stop", "health"), head);
        List<List<String>> rows = Fixtures.rows(html, "td");
        assertEquals(List.of("best", "mid", "worst", "empty"), rows.stream().map(r -> r.get(1)).toList());
        assertEquals(List.of("1", "best", "adam", "0.1", "0.2", "3", "3/3", "4.5s", "completed", "healthy"), rows.get(0));
        assertEquals("warning (1)", rows.get(1).get(9));
        assertEquals("problem (1)", rows.get(2).get(9));
        assertEquals("", rows.get(3).get(4), "no metric: empty cell, sorted last");

        TableView acc = CompareTables.leaderboard(runs, Monitor.VAL_ACC);
        assertEquals(List.of("best", "mid", "worst", "empty"),
                Fixtures.rows(acc.html(), "td").stream().map(r -> r.get(1)).toList());
        assertEquals("best val_acc", Fixtures.rows(acc.html(), "th").get(0).get(4));
        assertEquals(List.of("opt", "lr"), RunSet.differingKeys(runs));
        assertTrue(lb.text().contains("leaderboard: 4 runs by best val_loss (lower is better)"));
    }

    @Test
    void importanceTableHasOneRowPerKey() throws Exception {
        TableView t = CompareTables.importance(grid(), Monitor.VAL_LOSS);
        Fixtures.xml(t.html());
        List<List<String>> rows = Fixtures.rows(t.html(), "td");
        assertEquals(3, rows.size());
        assertEquals("opt", rows.get(0).get(0));
        assertEquals("1", rows.get(0).get(1));
        assertEquals("η²", rows.get(0).get(2));
        assertEquals("█".repeat(20), rows.get(0).get(3));
    }

    @Test
    void compareChartsDrawAtFixedSizeAsPngAndSvg() throws Exception {
        List<RunRecord> runs = grid();
        XYChart o = CompareCharts.overlay(runs, "loss");
        assertEquals(16, o.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count(), "train + val per run");
        XYChart p = CompareCharts.parallel(runs, Monitor.VAL_LOSS);
        assertEquals(8, p.getSeriesMap().size(), "one polyline per run");
        var line = p.getSeriesMap().values().iterator().next();
        assertEquals(4, line.getXData().length, "opt, lr, seed and the metric axis");
        for (double y : line.getYData()) assertTrue(y >= 0 && y <= 1, "normalised");
        for (XYChart c : List.of(o, p)) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(ChartEncoder.png(c)));
            assertEquals(CompareCharts.WIDTH, img.getWidth());
            assertEquals(CompareCharts.HEIGHT, img.getHeight());
        }
        assertEquals("svg", Fixtures.xml(ChartEncoder.svg(p)).getDocumentElement().getTagName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompareCharts.overlay(runs, "f1"));
        assertTrue(e.getMessage().contains("'f1'"));
        // runs identical in every key: a single 'run' axis plus the metric
        List<RunRecord> same = List.of(run("a", "sgd", "0.1", "1", 0.4), run("b", "sgd", "0.1", "1", 0.5));
        assertEquals(2, CompareCharts.parallel(same, Monitor.VAL_LOSS).getSeriesMap().get("a (0.4)").getXData().length);
    }

    @Test
    void parallelMetricAxisPutsBetterUp() {
        List<RunRecord> runs = List.of(run("good", "adam", "0.1", "1", 0.2), run("bad", "sgd", "0.1", "1", 0.8));
        XYChart p = CompareCharts.parallel(runs, Monitor.VAL_LOSS);
        double[] good = p.getSeriesMap().get("good (0.2)").getYData();
        double[] bad = p.getSeriesMap().get("bad (0.8)").getYData();
        assertEquals(1.0, good[good.length - 1], 1e-12);
        assertEquals(0.0, bad[bad.length - 1], 1e-12);
        // each run keeps its overlay colour (the metric axis shows which is better)
        assertEquals(trainbook.render.chart.ChartKit.runColor(0), p.getSeriesMap().get("good (0.2)").getLineColor());
        assertEquals(trainbook.render.chart.ChartKit.runColor(1), p.getSeriesMap().get("bad (0.8)").getLineColor());
    }

    @Test
    void lrFindChartMarksEverySuggestion() throws Exception {
        XYChart c = LrFindChart.chart(Fixtures.lrfind());
        var names = c.getSeriesMap().keySet();
        assertTrue(names.contains("loss (raw)") && names.contains("loss (smoothed)"), names.toString());
        assertTrue(names.contains("valley 3e-3 (chosen)"), names.toString());
        assertTrue(names.contains("steep 5e-4") && names.contains("minimum/10 1e-3") && names.contains("slide 2.5e-3"));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(ChartEncoder.png(c)));
        assertEquals(LrFindChart.WIDTH, img.getWidth());
        assertEquals(LrFindChart.HEIGHT, img.getHeight());
        Fixtures.xml(ChartEncoder.svg(c));
        String text = LrFindChart.text(Fixtures.lrfind());
        assertTrue(text.contains("Suggested lr=3e-3 (valley, 3/4 rules agree)"), text);
        assertTrue(text.contains("steep=5e-4"));
    }
}
