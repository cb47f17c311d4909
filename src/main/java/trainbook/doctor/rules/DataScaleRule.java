package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * Rule 11b: unnormalised inputs: raw pixels (0–255), a large spread or offset, or (nearly) constant inputs.
 * Unscaled inputs make the first layer's outputs, the initial loss and the gradients large.
 */
public final class DataScaleRule implements Rule {
    public static final String ID = "data-scale";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "inputs not normalised (raw 0–255 pixels, std > " + n(Thresholds.INPUT_STD_MAX) + ", |mean| > "
                + n(Thresholds.INPUT_MEAN_MAX) + ") or constant";
    }

    @Override public List<Finding> check(RunRecord r) {
        DataProfile d = r.data();
        if (d == null || !Double.isFinite(d.inputStd()) || !Double.isFinite(d.inputMean())) return List.of();
        String evidence = "inputs span [" + n(d.inputMin()) + ", " + n(d.inputMax()) + "], mean " + n(d.inputMean())
                + ", std " + n(d.inputStd()) + (d.normalized() ? " after normalisation" : ", not normalised");
        if (d.inputMax() >= Thresholds.PIXEL_MAX && d.inputMin() >= 0 && d.inputMax() <= 255.5) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    "The inputs look like raw 8-bit pixels (0–255): scale them to [0,1] so the first layer starts "
                            + "in a sensible range.",
                    evidence, "divide the inputs by 255 (or standardise them) before %train"));
        }
        if (d.inputStd() > Thresholds.INPUT_STD_MAX || Math.abs(d.inputMean()) > Thresholds.INPUT_MEAN_MAX) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    "The inputs are not normalised: their spread or offset is large, which inflates activations "
                            + "and gradients.",
                    evidence, "standardise each feature ((x − mean)/std) before %train"));
        }
        if (d.inputStd() < Thresholds.INPUT_STD_MIN && d.inputMax() - d.inputMin() < Thresholds.INPUT_STD_MIN) {
            return List.of(Facts.general(Severity.WARNING, ID,
                    "The inputs are (nearly) constant: the model has no signal to learn from.",
                    evidence, "check the data loading (a wrong column or a scaling that zeroed everything)"));
        }
        return List.of();
    }
}
