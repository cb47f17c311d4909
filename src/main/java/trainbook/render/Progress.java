package trainbook.render;

/**
 * The live progress line of a training run, from plain numbers: epoch e/E, batch b/B, a bar over the whole run,
 * ETA, loss and LR. {@link #text()} is one line of text; {@link #html()} a styled bar without JavaScript.
 *
 * @param name       run name (may be null)
 * @param epoch      current epoch, 1-based
 * @param epochs     planned epochs
 * @param batch      batches done in the current epoch
 * @param batches    batches per epoch (0 when unknown)
 * @param etaSeconds estimated seconds left (NaN when unknown)
 * @param loss       latest (smoothed) training loss, NaN when none yet
 * @param lr         current learning rate, NaN when unknown
 * @param valLoss    last validation loss, NaN when none yet
 */
public record Progress(String name, int epoch, int epochs, int batch, int batches, double etaSeconds, double loss,
                       double lr, double valLoss) {
    /** Characters in the text bar. */
    public static final int BAR = 24;

    public Progress {
        if (epochs < 0 || epoch < 0 || batch < 0 || batches < 0) {
            throw new IllegalArgumentException("progress counts must be ≥ 0, got epoch=" + epoch + "/" + epochs
                    + " batch=" + batch + "/" + batches);
        }
    }

    /** Fraction of the whole run done, in [0, 1]. */
    public double fraction() {
        if (epochs <= 0) return 0;
        double inEpoch = batches > 0 ? Math.min(1.0, batch / (double) batches) : 0;
        return Math.max(0, Math.min(1, (Math.max(0, epoch - 1) + inEpoch) / epochs));
    }

    /** E.g. {@code baseline epoch 2/5 batch 120/469 [#########---------------]  36% ETA 0:42 loss 0.512 lr 1e-3}. */
    public String text() {
        int filled = (int) Math.round(fraction() * BAR);
        StringBuilder b = new StringBuilder();
        if (name != null && !name.isEmpty()) b.append(name).append(' ');
        b.append("epoch ").append(epoch).append('/').append(epochs)
                .append(" batch ").append(batch).append('/').append(batches > 0 ? Integer.toString(batches) : "?")
                .append(" [").append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                .append(String.format(java.util.Locale.ROOT, "%3d%%", Math.round(fraction() * 100)))
                .append(" ETA ").append(Fmt.clock(etaSeconds))
                .append(" loss ").append(Fmt.val(loss));
        if (Double.isFinite(valLoss)) b.append(" val ").append(Fmt.val(valLoss));
        b.append(" lr ").append(Fmt.num(lr));
        return b.toString();
    }

    /** A styled bar (inline CSS, no script) with the same numbers as {@link #text()}. */
    public String html() {
        double pct = Math.round(fraction() * 1000) / 10.0;
        StringBuilder b = new StringBuilder("<div style=\"font-family:sans-serif;font-size:12px;display:flex;align-items:center;gap:8px\">");
        if (name != null && !name.isEmpty()) b.append("<b>").append(Html.escape(name)).append("</b>");
        b.append("<span>epoch ").append(epoch).append('/').append(epochs).append("</span>")
                .append("<div style=\"width:240px;height:12px;background:#e6e6e6;border-radius:3px;overflow:hidden\">")
                .append("<div style=\"width:").append(pct).append("%;height:100%;background:#0072b2\"></div></div>")
                .append("<span>").append(Math.round(fraction() * 100)).append("%</span>")
                .append("<span>batch ").append(batch).append('/').append(batches > 0 ? Integer.toString(batches) : "?").append("</span>")
                .append("<span>ETA ").append(Html.escape(Fmt.clock(etaSeconds))).append("</span>")
                .append("<span>loss ").append(Html.escape(Fmt.val(loss))).append("</span>");
        if (Double.isFinite(valLoss)) b.append("<span>val ").append(Html.escape(Fmt.val(valLoss))).append("</span>");
        b.append("<span>lr ").append(Html.escape(Fmt.num(lr))).append("</span></div>");
        return b.toString();
    }

    /** Both forms as one output. */
    public Rich rich() {
        return Rich.html(html(), text());
    }

    /**
     * Progress of a run in progress from its record: position of the last step, smoothed loss of the last steps
     * (debiased EMA, β 0.9), its LR, the last validation loss, and an ETA from {@code elapsedSeconds}. Safe to call
     * while the training thread appends.
     */
    public static Progress of(trainbook.engine.run.RunRecord r, double elapsedSeconds) {
        java.util.List<trainbook.engine.run.StepRecord> steps = trainbook.render.chart.ChartKit.snapshot(r.steps());
        java.util.List<trainbook.engine.run.EpochRecord> epochs = trainbook.render.chart.ChartKit.snapshot(r.epochs());
        int planned = Math.max(0, r.plannedEpochs());
        int batches = Math.max(0, r.stepsPerEpoch());
        double val = epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).valLoss();
        if (steps.isEmpty()) return new Progress(r.name(), Math.min(1, planned), planned, 0, batches, Double.NaN, Double.NaN, Double.NaN, val);
        trainbook.engine.run.StepRecord last = steps.get(steps.size() - 1);
        int from = Math.max(0, steps.size() - 50);
        double[] tail = new double[steps.size() - from];
        for (int i = 0; i < tail.length; i++) tail[i] = steps.get(from + i).loss();
        double[] sm = trainbook.render.chart.ChartKit.ema(tail, 0.9);
        double loss = Double.NaN;
        for (int i = sm.length - 1; i >= 0 && Double.isNaN(loss); i--) loss = sm[i];
        if (Double.isNaN(loss)) loss = last.loss();
        Progress p = new Progress(r.name(), Math.max(0, last.epoch()), Math.max(planned, last.epoch()), last.batch() + 1,
                Math.max(batches, last.batch() + 1), Double.NaN, loss, last.lr(), val);
        return new Progress(p.name(), p.epoch(), p.epochs(), p.batch(), p.batches(), eta(elapsedSeconds, p.fraction()),
                p.loss(), p.lr(), p.valLoss());
    }

    /**
     * A simple ETA: elapsed time scaled by the work left, NaN before any progress.
     *
     * @param elapsedSeconds time since training started
     * @param fraction       fraction done in [0, 1]
     */
    public static double eta(double elapsedSeconds, double fraction) {
        if (!(fraction > 0) || !Double.isFinite(elapsedSeconds)) return Double.NaN;
        return elapsedSeconds * (1 - Math.min(1, fraction)) / fraction;
    }
}
