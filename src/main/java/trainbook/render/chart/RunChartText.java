package trainbook.render.chart;

import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;
import trainbook.render.Fmt;

import java.util.List;

/**
 * The words of a run's charts: the loss chart's title (how the run ended) and the plain-text form of each chart,
 * which frontends without images show and which screen readers read.
 */
public final class RunChartText {
    private RunChartText() {}

    /** Title: run name, stop reason, epochs done/planned. */
    static String lossTitle(RunRecord r) {
        String name = r.name() == null ? "run" : r.name();
        int planned = r.plannedEpochs();
        String stop = stopPhrase(r);
        return name + " — " + stop + " (epoch " + r.epochs().size() + "/" + planned + ")";
    }

    /**
     * How the run ended, for titles: {@code completed}, {@code stopped early: patience}, {@code stopped: loss became
     * NaN/inf}, {@code stopped: diverged}, {@code stopped: interrupted}, {@code stopped: max_time budget},
     * {@code failed: error}; the status while no stop reason is set.
     */
    public static String stopPhrase(RunRecord r) {
        if (r.stopReason() == null) return String.valueOf(r.status()).toLowerCase(java.util.Locale.ROOT);
        return switch (r.stopReason()) {
            case COMPLETED -> "completed";
            case PATIENCE -> "stopped early: patience";
            case NON_FINITE -> "stopped: loss became NaN/inf";
            case DIVERGED -> "stopped: diverged";
            case INTERRUPTED -> "stopped: interrupted";
            case MAX_TIME -> "stopped: max_time budget";
            case PRUNED -> "stopped: pruned by the sweep";
            case ERROR -> "failed: error";
        };
    }

    /** One-paragraph text form of the loss chart. */
    public static String lossText(RunRecord r) {
        StringBuilder b = new StringBuilder(lossTitle(r));
        List<EpochRecord> ep = ChartKit.snapshot(r.epochs());
        if (!ep.isEmpty()) {
            EpochRecord first = ep.get(0), last = ep.get(ep.size() - 1);
            b.append("\ntrain loss ").append(Fmt.val(first.trainLoss())).append(" → ").append(Fmt.val(last.trainLoss()));
            if (Double.isFinite(last.valLoss())) b.append(", val loss ").append(Fmt.val(first.valLoss())).append(" → ").append(Fmt.val(last.valLoss()));
            if (Double.isFinite(last.valAcc())) b.append(", val acc ").append(Fmt.pct(last.valAcc()));
        } else if (!r.steps().isEmpty()) {
            StepRecord s = r.steps().get(r.steps().size() - 1);
            b.append("\n").append(r.steps().size()).append(" steps, last loss ").append(Fmt.val(s.loss()));
        }
        int best = r.bestEpoch();
        if (best > 0 && best <= ep.size()) {
            EpochRecord be = ep.get(best - 1);
            b.append("\nbest epoch ").append(best).append(": ")
                    .append(Double.isFinite(be.valLoss()) ? "val loss " + Fmt.val(be.valLoss()) : "train loss " + Fmt.val(be.trainLoss()));
            if (Double.isFinite(be.valAcc())) b.append(", val acc ").append(Fmt.pct(be.valAcc()));
        }
        long marked = r.findings().stream().filter(f -> f.step() >= 0 || f.epoch() >= 1).count();
        if (marked > 0) b.append("\n").append(marked).append(" finding(s) marked on the chart");
        return b.toString();
    }

    /** One-line text form of the LR chart. */
    static String lrText(RunRecord r) {
        List<StepRecord> s = ChartKit.snapshot(r.steps());
        if (s.isEmpty()) return "learning rate: no steps recorded (sched=" + r.spec("sched", "none") + ")";
        double first = s.get(0).lr(), last = s.get(s.size() - 1).lr();
        double mx = s.stream().mapToDouble(StepRecord::lr).filter(Double::isFinite).max().orElse(Double.NaN);
        return "learning rate (sched=" + r.spec("sched", "none") + "): " + Fmt.num(first) + " → " + Fmt.num(last)
                + ", peak " + Fmt.num(mx) + (r.warmupSteps() > 0 ? ", warmup " + r.warmupSteps() + " steps" : "");
    }

    /** One-line text form of the gradient-norm chart. */
    static String gradText(RunRecord r) {
        double[] g = r.steps().stream().mapToDouble(StepRecord::gradNorm).filter(Double::isFinite).toArray();
        if (g.length == 0) return "gradient norm: not sampled";
        double clip = RunCharts.clipOf(r);
        return "gradient norm: " + g.length + " samples, median " + Fmt.val(ChartKit.median(g)) + ", max "
                + Fmt.val(ChartKit.maxFinite(g)) + (Double.isFinite(clip) ? ", clip " + Fmt.num(clip) : "");
    }
}
