package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;
import trainbook.engine.run.StopReason;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/** Says plainly why a run ended before its planned epochs: early stopping, the time budget, or an interrupt. */
public final class StopReasonRule implements Rule {
    public static final String ID = "stop-reason";

    @Override public String id() { return ID; }

    @Override public String description() { return "why the run ended early (patience, max_time, interrupted)"; }

    @Override public List<Finding> check(RunRecord r) {
        StopReason why = r.stopReason();
        if (why == null) return List.of();
        int done = r.epochs().size();
        int planned = r.plannedEpochs();
        String progress = done + " of " + planned + " epochs";
        switch (why) {
            case PATIENCE: {
                String best = r.bestEpoch() > 0 ? "; weights of epoch " + r.bestEpoch() + " kept" : "";
                String val = "";
                if (r.bestEpoch() > 0 && r.bestEpoch() <= done) {
                    EpochRecord e = r.epochs().get(r.bestEpoch() - 1);
                    if (Double.isFinite(e.valLoss())) val = ", best val_loss " + n(e.valLoss());
                }
                return List.of(Facts.atEpoch(Severity.INFO, ID,
                        "Early stopping ended the run after epoch " + done + best + ".",
                        progress + val + ", monitor " + SpecView.of(r).monitor() + ", patience "
                                + java.util.Objects.toString(SpecView.of(r).patience(), "?"), "", done));
            }
            case MAX_TIME: {
                double t = SpecView.of(r).maxTime();
                return List.of(Facts.atEpoch(Severity.INFO, ID,
                        "The time budget ran out after " + progress + ".",
                        progress + (t > 0 ? " in max_time=" + n(t) + " s" : ""),
                        t > 0 ? Facts.key("max_time", Math.ceil(t * 2)) : "", done));
            }
            case PRUNED:
                return List.of(Facts.atEpoch(Severity.INFO, ID, "The sweep's pruner stopped this trial after " + progress
                        + ": its " + SpecView.of(r).monitor() + " lagged behind the other trials'.",
                        progress, "", done));
            case INTERRUPTED:
                return List.of(Facts.atEpoch(Severity.INFO, ID, "The run was interrupted after " + progress + ".",
                        progress, "", done));
            default:
                return List.of();
        }
    }
}
