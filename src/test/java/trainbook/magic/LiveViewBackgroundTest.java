package trainbook.magic;

import org.junit.jupiter.api.Test;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.ChartFormat;
import trainbook.render.Rich;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.*;

/** {@link LiveView#background}: chart redraws drawn off the training thread, sent from it, at a bounded cost. */
class LiveViewBackgroundTest {

    /** An executor that runs its jobs only when the test says so (the "renderer thread"). */
    static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> jobs = new ArrayDeque<>();
        int submitted;

        @Override
        public void execute(Runnable r) {
            jobs.add(r);
            submitted++;
        }

        void runAll() {
            while (!jobs.isEmpty()) jobs.poll().run();
        }
    }

    private static RunRecord record(int epochs, int spe) {
        return new RunRecord("bg-test").spec(Map.of("epochs", Integer.toString(epochs))).stepsPerEpoch(spe);
    }

    private static StepRecord step(RunRecord r, int i, int spe) {
        StepRecord s = new StepRecord(i, i / spe + 1, i % spe, 1e-3, 2.0 / (i + 1) + 0.1, 1, 1e-3, 40);
        r.steps().add(s);
        return s;
    }

    @Test
    void theChartIsDrawnOffTheStepAndSentAtTheNextStepUnchanged() {
        RecordingContext ctx = new RecordingContext();
        ManualExecutor renderer = new ManualExecutor();
        long[] now = {0};
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0], true, null, renderer, () -> 0L);
        RunRecord r = record(2, 500);
        v.start(r);
        Rich empty = ctx.displays.get("d2");
        int i = 0;
        // 5 s of 40 ms steps: the redraw falls due at step 125
        for (; i < 125; i++) {
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 500));
        }
        assertEquals(1, renderer.submitted, "one redraw asked for");
        assertSame(empty, ctx.displays.get("d2"), "nothing drawn on the training thread");
        assertEquals(0, v.chartUpdates());
        renderer.runAll(); // the renderer draws the record as it was (125 steps)
        Rich expected = trainbook.render.Views.live(r, ChartFormat.PNG);
        now[0] += 40_000_000L;
        v.step(r, step(r, i++, 500)); // the training thread sends it
        assertEquals(1, v.chartUpdates());
        Rich sent = ctx.displays.get("d2");
        assertEquals(expected.plain(), sent.plain());
        assertEquals(expected.get(Rich.VEGALITE), sent.get(Rich.VEGALITE), "same Vega-Lite spec as a synchronous redraw");
        assertArrayEquals((byte[]) expected.get(Rich.PNG), (byte[]) sent.get(Rich.PNG), "same PNG as a synchronous redraw");
        assertFalse(v.rendering());
    }

    @Test
    void oneRedrawAtATimeAndACostlyRedrawDelaysTheNext() {
        RecordingContext ctx = new RecordingContext();
        ManualExecutor renderer = new ManualExecutor();
        long[] now = {0};
        long[] cpu = {0};
        // every redraw "costs" 1 s of CPU: at ≤ 2 % of a core the next may come 50 s later, not 5 s
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0], true, null, renderer,
                () -> cpu[0] += 1_000_000_000L); // each read 1 s later: a redraw costs 1 s
        RunRecord r = record(1, 100_000);
        v.start(r);
        for (int i = 0; i < 250; i++) { // 10 s at 40 ms: due at 5 s and 10 s, but the first is still drawing
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 100_000));
        }
        assertEquals(1, renderer.submitted, "no second redraw queued while one is in flight");
        renderer.runAll();
        long sentAt = now[0];
        int i = 250;
        int before = renderer.submitted;
        while (now[0] - sentAt < 49_000_000_000L) {
            now[0] += 40_000_000L;
            v.step(r, step(r, i++, 100_000));
        }
        assertEquals(before, renderer.submitted, "a 1 s redraw is not repeated within 49 s");
        assertEquals(1, v.chartUpdates());
        while (now[0] - sentAt < 51_000_000_000L) {
            now[0] += 40_000_000L;
            v.step(r, step(r, i++, 100_000));
        }
        assertEquals(before + 1, renderer.submitted, "but it is after 50 s (2 % of a core)");
    }

    @Test
    void aCheapRedrawKeepsTheUsualRhythm() {
        RecordingContext ctx = new RecordingContext();
        ManualExecutor renderer = new ManualExecutor();
        long[] now = {0};
        long[] cpu = {0};
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0], true, null, renderer,
                () -> cpu[0] += 15_000_000L); // 15 ms per redraw: 0.3 % of a core at one per 5 s
        RunRecord r = record(1, 100_000);
        v.start(r);
        for (int i = 0; i < 1000; i++) { // 40 s
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 100_000));
            renderer.runAll();
        }
        assertEquals(8, renderer.submitted, "one redraw per 5 s, as a synchronous view");
        assertEquals(7, v.chartUpdates(), "each sent at the step after it was drawn (the 8th at the next step)");
    }

    @Test
    void aLateRedrawNeverReplacesTheFinalChart() {
        RecordingContext ctx = new RecordingContext();
        ManualExecutor renderer = new ManualExecutor();
        long[] now = {0};
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0], true, null, renderer, () -> 0L);
        RunRecord r = record(1, 1000);
        v.start(r);
        for (int i = 0; i < 130; i++) { // a redraw is asked for at 5 s
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 1000));
        }
        assertEquals(1, renderer.submitted);
        v.finish(r, "stopped: interrupted", Rich.text("final figure"));
        renderer.runAll(); // the renderer finishes after the run did
        assertEquals("final figure", ctx.displays.get("d2").plain());
        assertEquals(1, v.chartUpdates(), "only the final chart");
        assertEquals(1, ctx.updates.get("d2"));
    }

    @Test
    void anEpochEndAskedForWhileDrawingIsDrawnNextAndTheLastEpochIsDrawnAtOnce() {
        RecordingContext ctx = new RecordingContext();
        ManualExecutor renderer = new ManualExecutor();
        long[] now = {0};
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0], true, null, renderer, () -> 0L);
        RunRecord r = record(2, 130);
        v.start(r);
        int i = 0;
        for (; i < 130; i++) { // 5.2 s: a redraw asked for at 5 s, not drawn yet
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 130));
        }
        now[0] += 2_000_000_000L; // the validation pass
        EpochRecord e1 = new EpochRecord(1, 0.5, 0.6, 0.8, 0.7, 1e-3, 7);
        r.epochs().add(e1);
        v.epoch(r, e1); // due while the first is still being drawn
        assertEquals(1, renderer.submitted, "no second job: the renderer draws once more when done");
        assertEquals(0, v.chartUpdates());
        renderer.runAll();
        now[0] += 40_000_000L;
        v.step(r, step(r, i++, 130));
        assertEquals(1, v.chartUpdates(), "the newest drawing is sent, once");
        assertTrue(ctx.displays.get("d2").plain().contains("1/2 epochs"), ctx.displays.get("d2").plain());
        for (; i < 260; i++) {
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 130));
        }
        int submitted = renderer.submitted;
        now[0] += 2_000_000_000L;
        EpochRecord e2 = new EpochRecord(2, 0.4, 0.5, 0.85, 0.75, 1e-3, 7);
        r.epochs().add(e2);
        int before = v.chartUpdates();
        v.epoch(r, e2); // the last planned epoch: no step follows, so it is drawn and sent now
        assertEquals(submitted, renderer.submitted);
        assertEquals(before + 1, v.chartUpdates());
        Rich last = ctx.displays.get("d2");
        assertTrue(last.plain().contains("2/2 epochs"), last.plain());
        renderer.runAll(); // anything older still on the renderer
        v.finish(r, "finished: completed", null);
        assertTrue(ctx.displays.get("d2").plain().contains("2/2 epochs"));
    }

    @Test
    void aFailedRedrawFailsOnTheTrainingThread() {
        RecordingContext ctx = new RecordingContext();
        ManualExecutor renderer = new ManualExecutor();
        long[] now = {0};
        LiveView v = new LiveView(ctx, ChartFormat.PNG, () -> now[0], true, null, renderer, () -> {
            throw new IllegalStateException("renderer broke");
        });
        RunRecord r = record(1, 1000);
        v.start(r);
        for (int i = 0; i < 125; i++) {
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 1000));
        }
        renderer.runAll();
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> v.step(r, step(r, 125, 1000)));
        assertEquals("renderer broke", ex.getMessage());
        assertFalse(v.rendering(), "the renderer is free again");
    }

    @Test
    void theSharedRendererThreadDrawsAndTheTrainingThreadSends() throws Exception {
        RecordingContext ctx = new RecordingContext();
        long[] now = {0};
        LiveView v = LiveView.background(ctx, ChartFormat.PNG, () -> now[0]);
        RunRecord r = record(1, 1000);
        v.start(r);
        int i = 0;
        for (; i < 130; i++) {
            now[0] += 40_000_000L;
            v.step(r, step(r, i, 1000));
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (v.rendering() && System.nanoTime() < deadline) Thread.sleep(5);
        assertFalse(v.rendering(), "the redraw finished on the renderer thread");
        now[0] += 40_000_000L;
        v.step(r, step(r, i, 1000));
        assertEquals(1, v.chartUpdates());
        assertTrue(ctx.displays.get("d2").has(Rich.PNG));
        // the redraw was asked for at 5 s (125 steps) and drawn from the history as it was when the renderer read it,
        // while the training thread went on to 130
        String text = ctx.displays.get("d2").plain();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) steps").matcher(text);
        assertTrue(m.find(), text);
        int drawn = Integer.parseInt(m.group(1));
        assertTrue(drawn >= 125 && drawn <= 130, text);
    }
}
