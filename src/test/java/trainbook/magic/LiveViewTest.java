package trainbook.magic;

import org.junit.jupiter.api.Test;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LiveViewTest {

    private static RunRecord record() {
        return new RunRecord("live-test").spec(Map.of("epochs", "2")).stepsPerEpoch(50);
    }

    @Test
    void progressIsThrottledAndChartRedrawnPerEpoch() {
        RecordingContext ctx = new RecordingContext();
        long[] now = {0};
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0]);
        RunRecord r = record();
        v.start(r);
        assertEquals(2, ctx.displays.size(), "one progress line and one chart");
        int step = 0;
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int b = 0; b < 50; b++) {
                now[0] += 40_000_000L; // 40 ms per step: 2 s per epoch
                StepRecord s = new StepRecord(step++, epoch, b, 1e-3, 1.0 / step, 1, 1e-3, 40);
                r.steps().add(s);
                v.step(r, s);
            }
            EpochRecord e = new EpochRecord(epoch, 0.5, 0.6, 0.8, 0.7, 1e-3, 2);
            r.epochs().add(e);
            v.epoch(r, e);
        }
        // 4 s of training at ≤ 2 updates/s, plus one per epoch end
        assertTrue(v.progressUpdates() <= 4 * 2 + 2, "progress updates: " + v.progressUpdates());
        assertTrue(v.progressUpdates() >= 4, "progress updates: " + v.progressUpdates());
        assertEquals(2, v.chartUpdates(), "one chart redraw per epoch (epochs are shorter than 5 s)");
        v.finish(r, "finished: completed", Rich.text("final figure"));
        assertEquals(2, ctx.displays.size(), "still one progress line and one chart");
        String progress = ctx.displays.get("d1").plain();
        assertTrue(progress.contains("live-test") && progress.contains("epoch 2/2") && progress.contains("finished: completed"), progress);
        assertTrue(ctx.displays.get("d1").has(Rich.HTML));
        assertEquals("final figure", ctx.displays.get("d2").plain());
        assertTrue(progress.lines().count() == 1, "one line: " + progress);
    }

    @Test
    void tinyEpochsDoNotFloodTheFrontend() {
        RecordingContext ctx = new RecordingContext();
        long[] now = {0};
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0]);
        RunRecord r = new RunRecord("tiny").spec(Map.of("epochs", "100")).stepsPerEpoch(1);
        v.start(r);
        for (int epoch = 1; epoch <= 100; epoch++) {
            now[0] += 10_000_000L; // 10 ms per epoch: one second in all
            StepRecord s = new StepRecord(epoch - 1, epoch, 0, 1e-3, 0.5, 1, 1e-3, 10);
            r.steps().add(s);
            v.step(r, s);
            EpochRecord e = new EpochRecord(epoch, 0.5, 0.6, 0.8, 0.7, 1e-3, 0.01);
            r.epochs().add(e);
            v.epoch(r, e);
        }
        assertTrue(v.progressUpdates() <= 2, "≤ 2 progress updates in 1 s: " + v.progressUpdates());
        assertTrue(v.chartUpdates() <= 1, "≤ 1 chart redraw in 2 s: " + v.chartUpdates());
    }

    @Test
    void anInterruptedRunShowsWhereItStopped() {
        RecordingContext ctx = new RecordingContext();
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> 0L);
        RunRecord r = record();
        v.start(r);
        for (int b = 0; b < 7; b++) {
            StepRecord s = new StepRecord(b, 1, b, 1e-3, 0.5, 1, 1e-3, 40);
            r.steps().add(s);
            v.step(r, s);
        }
        v.finish(r, "stopped: interrupted", null);
        String line = ctx.displays.get("d1").plain();
        assertTrue(line.contains("epoch 1/2") && line.contains("batch 7/50") && line.contains("stopped: interrupted"), line);
    }

    @Test
    void reusedProgressDisplayAndNoChart() {
        RecordingContext ctx = new RecordingContext();
        String id = ctx.display(Rich.text("sweep"));
        LiveView v = new LiveView(ctx, ChartFormat.SVG, () -> 0L, false, id);
        v.start(record());
        assertEquals(1, ctx.displays.size());
        assertEquals(id, v.progressId());
        assertTrue(ctx.displays.get(id).plain().contains("epoch 1/2"));
    }
}
