package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 5: exploding gradients. A global gradient norm above {@link Thresholds#GRAD_SPIKE_FACTOR}× the running
 * median of the norms before it, or a non-finite norm. Remedy: clip at about the
 * {@link Thresholds#CLIP_PERCENTILE}th percentile of the ordinary norms. With {@code clip=} set, a clip that acts on
 * nearly every sampled step ({@link #CLIP_ALWAYS_SHARE}) is a warning: the gradients are too large for the learning
 * rate on every step, not in rare spikes, so the clip is doing the LR's job — remedy: a ten times lower LR.
 */
public final class ExplodingGradientsRule implements Rule {
    public static final String ID = "exploding-gradients";
    /** Share of sampled steps whose norm (before clipping) exceeds {@code clip=} above which the clip is no seat belt. */
    public static final double CLIP_ALWAYS_SHARE = 0.9;

    @Override public String id() { return ID; }

    @Override public String description() {
        return "global gradient norm spikes above " + n(Thresholds.GRAD_SPIKE_FACTOR)
                + "× its running median, or becomes NaN/Inf (suggests clip=)";
    }

    @Override public List<Finding> check(RunRecord r) {
        List<Facts.Point> pts = Facts.gradNorms(r);
        double clip = SpecView.of(r).clip();
        for (Facts.Point p : pts) {
            if (!Double.isFinite(p.value())) {
                double[] finite = finiteValues(pts);
                String remedy = finite.length > 0
                        ? Facts.key("clip", suggestClip(finite)) : "clip=1";
                double lr = Facts.lr(r);
                if (lr > 0) remedy = Facts.join(remedy, Facts.key("lr", Facts.nice(lr / 10)));
                return List.of(Facts.atStep(r, Severity.PROBLEM, ID,
                        "The gradient norm became " + n(p.value()) + " at step " + p.step() + ".",
                        "global gradient norm " + n(p.value()) + " at step " + p.step()
                                + (finite.length > 0 ? ", median of the finite norms " + n(Stats.median(finite)) : ""),
                        remedy, p.step()));
            }
        }
        if (pts.size() < Thresholds.GRAD_MIN_SAMPLES) return List.of();
        double[] v = Facts.values(pts);
        if (clip > 0) {
            long over = java.util.Arrays.stream(v).filter(x -> x > clip).count();
            double share = over / (double) v.length;
            double lr = Facts.lr(r);
            if (share >= CLIP_ALWAYS_SHARE && lr > 0) {
                return List.of(Facts.general(Severity.WARNING, ID,
                        "clip=" + n(clip) + " acted on " + n(Math.round(share * 100)) + " % of the sampled steps: the"
                                + " gradients exceed it all the time, not in rare spikes, so clipping is doing the"
                                + " learning rate's job.",
                        over + " of " + v.length + " sampled norms (before clipping) above " + n(clip) + "; median "
                                + n(Stats.median(v)),
                        Facts.key("lr", Facts.nice(lr / 10))));
            }
        }
        List<Integer> spikes = new ArrayList<>();
        double worst = 0;
        int worstAt = -1;
        for (int i = Thresholds.GRAD_MIN_SAMPLES - 1; i < v.length; i++) {
            double med = Stats.median(Stats.slice(v, Math.max(0, i - Thresholds.GRAD_MEDIAN_WINDOW), i));
            if (!(med > 0)) continue;
            double ratio = v[i] / med;
            if (ratio > Thresholds.GRAD_SPIKE_FACTOR) {
                spikes.add(i);
                if (ratio > worst) {
                    worst = ratio;
                    worstAt = i;
                }
            }
        }
        if (spikes.isEmpty()) return List.of();
        double[] ordinary = new double[v.length - spikes.size()];
        for (int i = 0, j = 0; i < v.length; i++) if (!spikes.contains(i)) ordinary[j++] = v[i];
        double suggested = suggestClip(ordinary);
        int step = pts.get(worstAt).step();
        String evidence = spikes.size() + " spike(s) in " + v.length + " samples; worst " + n(v[worstAt])
                + " at step " + step + " = " + n(worst) + "× the running median; " + n(Thresholds.CLIP_PERCENTILE)
                + "th percentile of the other norms " + n(suggested);
        if (clip > 0) {
            return List.of(Facts.atStep(r, Severity.INFO, ID,
                    "Gradient norm spikes occurred, and clip=" + n(clip) + " capped them.", evidence,
                    clip > 3 * suggested ? Facts.key("clip", suggested) : "", step));
        }
        Severity sev = spikes.size() >= 3 || worst > 100 ? Severity.PROBLEM : Severity.WARNING;
        return List.of(Facts.atStep(r, sev, ID,
                "The gradient norm spiked to " + n(worst) + "× its running median at step " + step
                        + ": clipping by global norm keeps such steps from throwing the weights off.",
                evidence, Facts.key("clip", suggested), step));
    }

    private static double suggestClip(double[] norms) {
        double p = Stats.percentile(norms, Thresholds.CLIP_PERCENTILE);
        return p > 0 ? Facts.round2(p) : 1.0;
    }

    private static double[] finiteValues(List<Facts.Point> pts) {
        return pts.stream().mapToDouble(Facts.Point::value).filter(Double::isFinite).toArray();
    }
}
