package trainbook.magic;

import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.ChartFormat;
import trainbook.render.Fmt;
import trainbook.render.Html;
import trainbook.render.Progress;
import trainbook.render.Rich;
import trainbook.render.Views;

import java.util.function.LongSupplier;

/**
 * The live part of {@code %train}'s output: ONE progress display, updated at most every
 * {@link #PROGRESS_INTERVAL_NANOS} (twice a second), and ONE chart display, redrawn at epoch ends (at most every
 * {@link #EPOCH_CHART_INTERVAL_NANOS}: one live PNG took ~300 ms on a loaded 2-core machine) or every
 * {@link #CHART_INTERVAL_NANOS} within an epoch. Both are updated in place by display id, so the saved notebook
 * keeps one line and one chart. Driven from the training thread through the engine's listener.
 */
public final class LiveView {
    /** Minimum time between two progress updates. */
    public static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;
    /** Minimum time between two chart redraws inside an epoch. */
    public static final long CHART_INTERVAL_NANOS = 5_000_000_000L;
    /** Minimum time between two chart redraws at epoch ends. */
    public static final long EPOCH_CHART_INTERVAL_NANOS = 2_000_000_000L;

    private final MagicContext ctx;
    private final ChartFormat format;
    private final LongSupplier clock;
    private String progressId;
    private String chartId;
    private long start;
    private long lastProgress;
    private long lastChart;
    private long steps;
    private int epoch;
    private int batch;
    private double loss = Double.NaN;
    private double lr = Double.NaN;
    private int progressUpdates;
    private int chartUpdates;

    private final boolean withChart;
    private final String reuseProgressId;

    /** A live view drawing through {@code ctx}; {@code clock} gives nanoseconds (System::nanoTime). */
    public LiveView(MagicContext ctx, ChartFormat format, LongSupplier clock) {
        this(ctx, format, clock, true, null);
    }

    /**
     * @param withChart       false for a progress line only (sweep trials)
     * @param reuseProgressId an existing display to draw the progress line into, or null for a new one
     */
    public LiveView(MagicContext ctx, ChartFormat format, LongSupplier clock, boolean withChart, String reuseProgressId) {
        this.ctx = ctx;
        this.format = format;
        this.clock = clock;
        this.withChart = withChart;
        this.reuseProgressId = reuseProgressId;
    }

    /** Shows the progress line and the (empty) live chart. */
    public void start(RunRecord run) {
        start = clock.getAsLong();
        lastProgress = start;
        lastChart = start;
        epoch = 1;
        if (reuseProgressId != null) {
            progressId = reuseProgressId;
            ctx.update(progressId, progress(run, null));
        } else {
            progressId = ctx.display(progress(run, null));
        }
        if (withChart) chartId = ctx.display(chart(run));
    }

    /** The progress display's id (null before {@link #start}). */
    public String progressId() { return progressId; }

    /** A step finished: the progress line is refreshed when the last refresh is old enough. */
    public void step(RunRecord run, StepRecord s) {
        steps++;
        epoch = s.epoch();
        batch = s.batch() + 1;
        loss = Double.isFinite(s.loss()) ? (Double.isFinite(loss) ? 0.9 * loss + 0.1 * s.loss() : s.loss()) : s.loss();
        lr = s.lr();
        long now = clock.getAsLong();
        if (progressId != null && now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            ctx.update(progressId, progress(run, null));
            progressUpdates++;
        }
        if (chartId != null && now - lastChart >= CHART_INTERVAL_NANOS) {
            redrawChart(run, now);
        }
    }

    /**
     * An epoch finished: progress and chart are refreshed, but never more often than
     * {@link #PROGRESS_INTERVAL_NANOS} and {@link #EPOCH_CHART_INTERVAL_NANOS} (tiny epochs must not flood the
     * frontend or spend the run encoding charts).
     */
    public void epoch(RunRecord run, EpochRecord e) {
        long now = clock.getAsLong();
        if (progressId != null && now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            ctx.update(progressId, progress(run, null));
            progressUpdates++;
        }
        if (chartId != null && now - lastChart >= EPOCH_CHART_INTERVAL_NANOS) redrawChart(run, now);
    }

    /**
     * The run ended: the progress line shows the end state and the live chart display is replaced by
     * {@code finalChart} (or redrawn once more when null).
     */
    public void finish(RunRecord run, String status, Rich finalChart) {
        if (progressId != null) {
            ctx.update(progressId, progress(run, status));
            progressUpdates++;
        }
        if (chartId != null) {
            ctx.update(chartId, finalChart != null ? finalChart : chart(run));
            chartUpdates++;
        }
    }

    /** True once {@link #start} showed the displays. */
    public boolean started() { return progressId != null; }

    /** Number of progress updates sent (not counting the first display). */
    public int progressUpdates() { return progressUpdates; }

    /** Number of chart redraws sent (not counting the first display). */
    public int chartUpdates() { return chartUpdates; }

    private void redrawChart(RunRecord run, long now) {
        lastChart = now;
        ctx.update(chartId, chart(run));
        chartUpdates++;
    }

    private Rich progress(RunRecord run, String status) {
        double elapsed = (clock.getAsLong() - start) / 1e9;
        int epochs = Math.max(0, run.plannedEpochs());
        int batches = Math.max(0, run.stepsPerEpoch());
        double valLoss = run.epochs().isEmpty() ? Double.NaN : run.epochs().get(run.epochs().size() - 1).valLoss();
        Progress p;
        if (status == null) {
            long total = (long) epochs * batches;
            double frac = total > 0 ? Math.min(1.0, steps / (double) total) : 0;
            p = new Progress(run.name(), Math.max(1, epoch), epochs, batch, batches,
                    Progress.eta(elapsed, frac), loss, lr, valLoss);
            return p.rich();
        }
        // the end state: where the run actually stopped (a full last epoch when it completed)
        p = new Progress(run.name(), Math.max(1, Math.min(epoch, Math.max(1, epochs))), epochs, batch, batches, 0,
                loss, lr, valLoss);
        String tail = status + " in " + Fmt.duration(elapsed);
        return Rich.html("<div style=\"display:flex;align-items:center;gap:8px\">" + p.html()
                + "<span style=\"font-family:sans-serif;font-size:12px\">" + Html.escape(tail) + "</span></div>",
                p.text() + " — " + tail);
    }

    private Rich chart(RunRecord run) {
        return Views.live(run, format);
    }
}
