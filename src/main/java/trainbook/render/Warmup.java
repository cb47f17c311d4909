package trainbook.render;

import trainbook.engine.run.RunRecord;

/**
 * Draws what the first {@code %train} draws before its first batch — the progress line and the empty live chart —
 * once, for nothing, so that the classes, fonts and image encoder that drawing needs are loaded before a user asks
 * for them: measured on the loaded 2-core machine, that first drawing took 0.66–0.78 s of the first batch's
 * latency in a fresh kernel. The kernel runs it on its low-priority preload thread after the engine.
 */
public final class Warmup {
    private Warmup() {}

    /** Renders one progress line and one live chart (PNG, the default format); returns the chart. */
    public static Rich run() {
        RunRecord r = new RunRecord("warm-up");
        new Progress("warm-up", 1, 1, 1, 1, 0, 1.0, 1e-3, Double.NaN).rich();
        return Views.live(r, ChartFormat.PNG);
    }
}
