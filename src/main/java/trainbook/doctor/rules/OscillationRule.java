package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 4: oscillation. Over the second half of the run, the step loss minus its moving-average trend has a robust
 * spread that is large against the trend level (and against the starting loss, so a solved task with a tiny,
 * relatively noisy loss stays quiet), and the epoch-level curve bounces — or the step noise is extreme. Remedy:
 * lower LR and larger batches.
 */
public final class OscillationRule implements Rule {
    public static final String ID = "oscillation";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "step-loss noise above " + n(Thresholds.OSC_REL_NOISE) + "× its trend while the epoch loss bounces by "
                + n(Thresholds.OSC_BOUNCE * 100) + " %";
    }

    /**
     * The epoch-level evidence that the curve bounces (sampling noise averages out over an epoch, an LR that is too
     * high does not): the training loss rising by {@link Thresholds#OSC_BOUNCE} from one epoch to the next, or the
     * validation loss rising and then falling back by as much. Null when there is none.
     */
    static String bounce(RunRecord r) {
        List<EpochRecord> ep = r.epochs();
        for (int i = 1; i < ep.size(); i++) {
            double a = ep.get(i - 1).trainLoss(), b = ep.get(i).trainLoss();
            if (a > 0 && b > (1 + Thresholds.OSC_BOUNCE) * a) {
                return "train_loss rose " + n((b / a - 1) * 100) + " % from epoch " + ep.get(i - 1).epoch() + " to "
                        + ep.get(i).epoch();
            }
        }
        for (int i = 1; i + 1 < ep.size(); i++) {
            double a = ep.get(i - 1).valLoss(), b = ep.get(i).valLoss(), c = ep.get(i + 1).valLoss();
            if (a > 0 && b > (1 + Thresholds.OSC_BOUNCE) * a && c < b / (1 + Thresholds.OSC_BOUNCE)) {
                return "val_loss bounced " + n(a) + " → " + n(b) + " → " + n(c) + " around epoch " + ep.get(i).epoch();
            }
        }
        return null;
    }

    @Override public List<Finding> check(RunRecord r) {
        double[] all = Facts.losses(r);
        int bad = Facts.firstNonFiniteLoss(r);
        double[] loss = bad >= 0 ? Stats.slice(all, 0, bad) : all;
        int n = loss.length;
        if (n < Thresholds.OSC_MIN_STEPS) return List.of();
        double start = Facts.initialLoss(r);
        if (!(start > 0)) return List.of();
        int k = Math.max(2, Math.min(10, n / 20));
        double[] trend = Stats.movingAverage(loss, k);
        int from = n / 2;
        double[] resid = new double[n - from];
        double[] level = new double[n - from];
        for (int i = from; i < n; i++) {
            resid[i - from] = loss[i] - trend[i];
            level[i - from] = Math.abs(trend[i]);
        }
        double noise = Stats.robustStd(resid);
        double lvl = Stats.mean(level);
        if (!(lvl > 0)) return List.of();
        double rel = noise / lvl;
        if (rel <= Thresholds.OSC_REL_NOISE || noise <= Thresholds.OSC_ABS_FRACTION * start) return List.of();
        String bounce = bounce(r);
        if (bounce == null && rel <= Thresholds.OSC_REL_NOISE_ALONE) return List.of();
        int a = r.steps().get(from).step(), b = r.steps().get(n - 1).step();
        double lr = Facts.lr(r);
        double batch = SpecView.of(r).batch();
        String remedy = Facts.join(lr > 0 ? Facts.key("lr", Facts.nice(lr / 10)) : "",
                batch > 0 && batch < 1024 ? Facts.key("batch", batch * 4) : "");
        return List.of(Facts.atStep(r, Severity.WARNING, ID,
                "The loss oscillates: batch losses scatter by " + n(rel * 100)
                        + " % around their trend, a sign of too high a learning rate or too small batches.",
                "robust std of detrended loss " + n(noise) + " vs trend level " + n(lvl) + " (ratio " + n(rel)
                        + ") over steps " + a + "–" + b + (bounce == null ? "" : "; " + bounce),
                remedy, a));
    }
}
