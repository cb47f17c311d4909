package trainbook.render;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import trainbook.engine.sweep.Direction;
import trainbook.engine.sweep.MedianPruner;
import trainbook.engine.sweep.RandomSampler;
import trainbook.engine.sweep.SearchSpace;
import trainbook.engine.sweep.Study;
import trainbook.engine.sweep.Trial;
import trainbook.engine.sweep.TrialPruned;
import trainbook.engine.sweep.TrialState;
import trainbook.render.chart.StudyCharts;
import trainbook.render.table.StudyTable;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderStudyTest {
    /** A stop requested by an earlier test in this JVM would end every study at once. */
    @org.junit.jupiter.api.BeforeEach
    void noStopRequest() { trainbook.engine.Cancellation.current().reset(); }

    static final SearchSpace SPACE = SearchSpace.of().logFloat("lr", 1e-4, 1e-1).choice("opt", "sgd", "adam");

    /** 12 trials of a curve whose level depends on lr and opt; the median pruner stops some. */
    static Study study() {
        Study s = Study.builder().space(SPACE).sampler(new RandomSampler()).pruner(new MedianPruner(3, 0, 1, 1)).seed(4).build();
        s.optimize(t -> {
            double level = Math.abs(Math.log10(t.getDouble("lr")) + 2.5) + (t.getString("opt").equals("adam") ? 0 : 0.5);
            for (int e = 1; e <= 3; e++) if (t.report(e, level + 1.0 / e)) throw new TrialPruned();
            return level + 1.0 / 3;
        }, 12);
        s.ask(); // one still running
        return s;
    }

    @Test
    void leaderboardMarksRunningCompleteAndPrunedTrials() {
        Study s = study();
        List<Trial> trials = s.trials();
        assertTrue(trials.stream().anyMatch(t -> t.state() == TrialState.PRUNED), "some pruned");
        List<Trial> ranked = StudyTable.ranked(trials, Direction.MINIMIZE);
        assertEquals(TrialState.RUNNING, ranked.get(0).state());
        assertEquals(s.best().orElseThrow(), ranked.get(1));
        int lastComplete = -1, firstPruned = Integer.MAX_VALUE;
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.get(i).state() == TrialState.COMPLETE) lastComplete = i;
            if (ranked.get(i).state() == TrialState.PRUNED) firstPruned = Math.min(firstPruned, i);
        }
        assertTrue(lastComplete < firstPruned, "complete trials rank above pruned ones");
        Rich board = StudyViews.board(trials, SPACE, "val_loss", Direction.MINIMIZE, 3);
        String html = board.htmlOrNull();
        assertEquals(13, html.split("<tr").length - 2, "a header row and one row per trial");
        for (String state : List.of(">running<", ">complete<", ">pruned<")) assertTrue(html.contains(state), state);
        assertTrue(board.plain().contains("study leaderboard: "), board.plain());
    }

    @Test
    void historyAndSliceChartsDraw() throws Exception {
        Study s = study();
        XYChart h = StudyCharts.history(s.trials(), "val_loss", Direction.MINIMIZE);
        assertTrue(h.getSeriesMap().containsKey("best so far"));
        assertTrue(h.getSeriesMap().containsKey("complete"));
        assertTrue(h.getSeriesMap().containsKey("pruned (last value)"));
        // best so far never rises
        double[] best = h.getSeriesMap().get("best so far").getYData();
        for (int i = 1; i < best.length; i++) assertTrue(best[i] <= best[i - 1]);
        XYChart lr = StudyCharts.slice(s.trials(), "lr", SPACE.get("lr"), "val_loss");
        assertTrue(lr.getStyler().isXAxisLogarithmic(), "log range → log axis");
        XYChart opt = StudyCharts.slice(s.trials(), "opt", SPACE.get("opt"), "val_loss");
        assertFalse(opt.getStyler().isXAxisLogarithmic());
        assertEquals("adam", opt.getStyler().getxAxisTickLabelsFormattingFunction().apply(1.0));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(ChartEncoder.png(h)));
        assertEquals(StudyCharts.WIDTH, img.getWidth());
        Rich charts = StudyViews.charts(s.trials(), SPACE, "val_loss", Direction.MINIMIZE, ChartFormat.SVG);
        assertTrue(charts.plain().contains("slice: val_loss against lr (log axis)"), charts.plain());
        assertTrue(charts.htmlOrNull().contains("data:image/svg+xml;base64,"), "SVG charts inline");
        // no finished trial yet: the charts still paint
        Study empty = Study.builder().space(SPACE).build();
        empty.ask();
        ImageIO.read(new ByteArrayInputStream(ChartEncoder.png(StudyCharts.history(empty.trials(), "val_loss", Direction.MINIMIZE))));
        ImageIO.read(new ByteArrayInputStream(ChartEncoder.png(StudyCharts.slice(empty.trials(), "lr", SPACE.get("lr"), "val_loss"))));
    }
}
