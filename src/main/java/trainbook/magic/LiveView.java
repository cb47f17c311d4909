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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The live part of {@code %train}'s output: ONE progress display, updated at most every
 * {@link #PROGRESS_INTERVAL_NANOS} (twice a second), and ONE chart display, redrawn at epoch ends (at most every
 * {@link #EPOCH_CHART_INTERVAL_NANOS}: one live PNG took ~300 ms on a loaded 2-core machine) or every
 * {@link #CHART_INTERVAL_NANOS} within an epoch. Both are updated in place by display id, so the saved notebook
 * keeps one line and one chart. Driven from the training thread through the engine's listener.
 *
 * <p>{@link #background} views draw the chart's redraws (XChart + PNG encoding, ~15 ms warm and 100+ ms cold; an
 * epoch-end one took ~2 % of a 4-epoch MLP run's training-thread CPU) on a shared daemon thread instead of the training thread, one at a time, and hand the finished image to the training
 * thread, which sends it at its next step: every output still leaves from the training thread (the kernel's
 * display stream is not shared with another thread), the chart drawn is the same, and the step loop only pays for
 * a volatile read per step. The last planned epoch's redraw stays on the training thread (no step follows to send
 * it). Such a view also bounds the chart's cost: after a redraw that took {@code c} ns of CPU
 * the next one waits at least {@code c / }{@link #MAX_CHART_CPU_SHARE} (a cold or starved renderer draws less often
 * instead of taking more of the machine).
 */
public final class LiveView {
    /** Minimum time between two progress updates. */
    public static final long PROGRESS_INTERVAL_NANOS = 500_000_000L;
    /** Minimum time between two chart redraws inside an epoch. */
    public static final long CHART_INTERVAL_NANOS = 5_000_000_000L;
    /** Minimum time between two chart redraws at epoch ends. */
    public static final long EPOCH_CHART_INTERVAL_NANOS = 2_000_000_000L;
    /**
     * Largest share of one core a {@link #background} view's chart redraws may take: after a redraw that cost
     * {@code c} ns of CPU, the next is due no sooner than {@code c / MAX_CHART_CPU_SHARE} ns later (a warm redraw,
     * ~15 ms, keeps the 5 s rhythm; a 300 ms one under load waits 15 s).
     */
    public static final double MAX_CHART_CPU_SHARE = 0.02;

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

    /** where chart redraws are drawn; null: on the calling (training) thread */
    private final Executor renderer;
    /** CPU nanoseconds of the thread calling it (read on the renderer's thread around a redraw) */
    private final LongSupplier renderCpu;
    /** a redraw finished on the renderer, waiting for the training thread to send it */
    private final AtomicReference<Drawn> readyChart = new AtomicReference<>();
    /** redraws asked for, and the newest one sent (training thread only): an older chart never replaces a newer */
    private volatile long requested;
    private long sent;
    /** a redraw was asked for while one was being drawn: the renderer draws once more when it is done */
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicReference<Throwable> renderFailure = new AtomicReference<>();
    private final AtomicBoolean rendering = new AtomicBoolean();
    private volatile long lastRenderCpu;
    private volatile boolean finished;

    /** A live view drawing through {@code ctx}; {@code clock} gives nanoseconds (System::nanoTime). */
    public LiveView(MagicContext ctx, ChartFormat format, LongSupplier clock) {
        this(ctx, format, clock, true, null);
    }

    /**
     * @param withChart       false for a progress line only (sweep trials)
     * @param reuseProgressId an existing display to draw the progress line into, or null for a new one
     */
    public LiveView(MagicContext ctx, ChartFormat format, LongSupplier clock, boolean withChart, String reuseProgressId) {
        this(ctx, format, clock, withChart, reuseProgressId, null, () -> 0L);
    }

    LiveView(MagicContext ctx, ChartFormat format, LongSupplier clock, boolean withChart, String reuseProgressId,
             Executor renderer, LongSupplier renderCpu) {
        this.ctx = ctx;
        this.format = format;
        this.clock = clock;
        this.withChart = withChart;
        this.reuseProgressId = reuseProgressId;
        this.renderer = renderer;
        this.renderCpu = renderCpu;
    }

    /**
     * {@code %train}'s live view: progress line and chart, the chart's redraws drawn off the training thread
     * (see the class comment) and sent from it.
     */
    public static LiveView background(MagicContext ctx, ChartFormat format, LongSupplier clock) {
        return new LiveView(ctx, format, clock, true, null, Renderer.EXECUTOR, Renderer::threadCpu);
    }

    /** The one thread that draws background views' charts; it ends after 30 s without work. */
    private static final class Renderer {
        static final ThreadPoolExecutor EXECUTOR;
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

        static {
            EXECUTOR = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "trainbook-live-chart");
                t.setDaemon(true);
                return t;
            });
            EXECUTOR.allowCoreThreadTimeOut(true);
        }

        static long threadCpu() {
            return MX.isCurrentThreadCpuTimeSupported() ? MX.getCurrentThreadCpuTime() : 0L;
        }
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
        sendReadyChart();
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
        if (chartId != null && now - lastChart >= chartGap(CHART_INTERVAL_NANOS)) {
            redrawChart(run, now);
        }
    }

    /**
     * An epoch finished: progress and chart are refreshed, but never more often than
     * {@link #PROGRESS_INTERVAL_NANOS} and {@link #EPOCH_CHART_INTERVAL_NANOS} (tiny epochs must not flood the
     * frontend or spend the run encoding charts).
     */
    public void epoch(RunRecord run, EpochRecord e) {
        sendReadyChart();
        long now = clock.getAsLong();
        if (progressId != null && now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
            lastProgress = now;
            ctx.update(progressId, progress(run, null));
            progressUpdates++;
        }
        if (chartId == null || now - lastChart < chartGap(EPOCH_CHART_INTERVAL_NANOS)) return;
        // the last planned epoch is drawn here even in a background view: no step follows it to send a background
        // redraw, and the chart is shown while the test pass, the doctor and the save run
        if (e.epoch() >= run.plannedEpochs()) redrawHere(run, now);
        else redrawChart(run, now);
    }

    /**
     * The run ended: the progress line shows the end state and the live chart display is replaced by
     * {@code finalChart} (or redrawn once more when null).
     */
    public void finish(RunRecord run, String status, Rich finalChart) {
        finished = true;
        readyChart.set(null); // a live redraw still on the renderer must not replace the final chart
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

    /** The least time between two chart redraws: {@code base}, or longer after a costly background redraw. */
    private long chartGap(long base) {
        if (renderer == null) return base;
        return Math.max(base, (long) (lastRenderCpu / MAX_CHART_CPU_SHARE));
    }

    /** A redraw on this thread (its cost still counts for the next one's gap in a background view). */
    private void redrawHere(RunRecord run, long now) {
        lastChart = now;
        long c0 = renderer == null ? 0 : renderCpu.getAsLong();
        Rich chart = chart(run);
        if (renderer != null) lastRenderCpu = Math.max(0, renderCpu.getAsLong() - c0);
        sent = ++requested;
        ctx.update(chartId, chart);
        chartUpdates++;
    }

    private void redrawChart(RunRecord run, long now) {
        if (renderer == null) {
            redrawHere(run, now);
            return;
        }
        lastChart = now;
        requested++;
        if (!rendering.compareAndSet(false, true)) { // the previous redraw is still being drawn: one more after it
            again.set(true); // (a request racing the renderer's last check waits for the next due redraw)
            return;
        }
        try {
            renderer.execute(() -> drawInBackground(run));
        } catch (RejectedExecutionException e) {
            rendering.set(false);
            redrawHere(run, now);
        }
    }

    /** On the renderer: draws the chart from the record (read as a snapshot) and leaves it for the training thread. */
    private void drawInBackground(RunRecord run) {
        boolean failed = false;
        do {
            try {
                if (finished) return;
                long generation = requested;
                long c0 = renderCpu.getAsLong();
                Rich chart = chart(run);
                lastRenderCpu = Math.max(0, renderCpu.getAsLong() - c0);
                readyChart.set(new Drawn(generation, chart));
            } catch (RuntimeException | Error e) {
                renderFailure.set(e);
                failed = true;
            } finally {
                rendering.set(false);
            }
        } while (!failed && again.getAndSet(false) && !finished && rendering.compareAndSet(false, true));
    }

    /**
     * On the training thread: sends a chart the renderer finished; a redraw that failed there fails here, as it
     * would have on this thread.
     */
    private void sendReadyChart() {
        if (renderer == null) return;
        Throwable failed = renderFailure.getAndSet(null);
        if (failed instanceof RuntimeException re) throw re;
        if (failed instanceof Error err) throw err;
        Drawn ready = readyChart.getAndSet(null);
        if (ready != null && !finished && ready.generation() > sent) {
            sent = ready.generation();
            ctx.update(chartId, ready.chart());
            chartUpdates++;
        }
    }

    /** A chart drawn on the renderer, with the number of the redraw that asked for it. */
    private record Drawn(long generation, Rich chart) {}

    /** True while a background redraw is being drawn (tests). */
    boolean rendering() { return rendering.get(); }

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
