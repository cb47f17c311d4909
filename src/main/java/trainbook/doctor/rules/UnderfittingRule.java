package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 10: underfitting. Training (and validation) loss still above {@link Thresholds#UNDERFIT_HIGH_FRACTION} of
 * the random-guess loss and flat over the last epoch. Remedy: more capacity, less regularisation, more epochs,
 * a higher LR.
 */
public final class UnderfittingRule implements Rule {
    public static final String ID = "underfitting";
    private static final Pattern MLP = Pattern.compile("mlp\\(([0-9 ,]+)\\)");

    @Override public String id() { return ID; }

    @Override public String description() {
        return "train and validation loss both high (> " + n(Thresholds.UNDERFIT_HIGH_FRACTION)
                + "× a random guess) and flat";
    }

    @Override public List<Finding> check(RunRecord r) {
        double base = Facts.randomGuessLoss(r);
        if (!(base > 0)) return List.of();
        List<EpochRecord> ep = new ArrayList<>();
        for (EpochRecord e : r.epochs()) if (Double.isFinite(e.trainLoss())) ep.add(e);
        if (ep.size() < Thresholds.UNDERFIT_MIN_EPOCHS) return List.of();
        EpochRecord prev = ep.get(ep.size() - 2), last = ep.get(ep.size() - 1);
        if (last.trainLoss() > Thresholds.DIVERGE_FACTOR * base) return List.of(); // divergence's business
        double drop = (prev.trainLoss() - last.trainLoss()) / Math.abs(prev.trainLoss());
        boolean flat = drop < Thresholds.UNDERFIT_FLAT_DROP;
        boolean trainHigh = last.trainLoss() > Thresholds.UNDERFIT_HIGH_FRACTION * base;
        boolean hasVal = Double.isFinite(last.valLoss());
        boolean valHigh = !hasVal || last.valLoss() > Thresholds.UNDERFIT_HIGH_FRACTION * base;
        if (!flat || !trainHigh || !valHigh) return List.of();
        String evidence = "train_loss " + n(prev.trainLoss()) + " → " + n(last.trainLoss()) + " (epochs "
                + prev.epoch() + "→" + last.epoch() + ")" + (hasVal ? ", val_loss " + n(last.valLoss()) : "")
                + " vs random guess " + n(base);
        boolean nothing = last.trainLoss() >= Thresholds.UNDERFIT_NOTHING_LEARNED * base;
        // the labels are blamed only on evidence from the data profile, never on the loss curve alone
        String data = nothing ? Facts.dataEvidence(r) : "";
        String msg = "The model underfits: training" + (hasVal ? " and validation" : "") + " loss "
                + (hasVal ? "are" : "is") + " still at " + n(last.trainLoss() / base * 100)
                + " % of a random guess and no longer falling"
                + (nothing ? " — it has learned almost nothing" + (data.isEmpty() ? "." : "; the data look broken ("
                + data + ").") : ".");
        String remedy = remedy(r);
        if (!data.isEmpty()) remedy = Facts.join(remedy, "— and fix the data first (see " + data.split(":")[0] + ")");
        return List.of(Facts.atEpoch(Severity.WARNING, ID, msg, evidence, remedy, last.epoch()));
    }

    private static String remedy(RunRecord r) {
        List<String> parts = new ArrayList<>();
        String model = SpecView.of(r).model().toLowerCase(Locale.ROOT);
        Matcher m = MLP.matcher(model.replace(" ", ""));
        if (m.matches()) {
            StringBuilder b = new StringBuilder("model=mlp(");
            String[] w = m.group(1).split(",");
            for (int i = 0; i < w.length; i++) {
                if (i > 0) b.append(',');
                b.append(Integer.parseInt(w[i].trim()) * 2);
            }
            parts.add(b.append(')').toString());
        } else if (model.equals("linear") || model.equals("mlp")) {
            parts.add("model=mlp(256,128)");
        }
        double dropout = SpecView.of(r).dropout();
        if (dropout > 0) parts.add("dropout=0");
        double wd = SpecView.of(r).wd();
        if (wd > 0) parts.add("wd=0");
        double lr = Facts.lr(r);
        if (Facts.lrHint(r) == Facts.LrHint.TOO_LOW && lr > 0) parts.add(Facts.key("lr", Facts.suggestLr(r)));
        int epochs = r.plannedEpochs();
        if (epochs > 0) parts.add("epochs=" + epochs * 2);
        return String.join(" ", parts);
    }
}
