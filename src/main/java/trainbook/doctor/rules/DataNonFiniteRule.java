package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.DataProfile;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

/** Rule 11a: NaN or Inf values in the training inputs (found before step 1). One NaN turns every loss into NaN. */
public final class DataNonFiniteRule implements Rule {
    public static final String ID = "data-non-finite";

    @Override public String id() { return ID; }

    @Override public String description() { return "NaN or Inf values in the training inputs"; }

    @Override public List<Finding> check(RunRecord r) {
        DataProfile d = r.data();
        if (d == null || d.nonFiniteInputs() <= 0) return List.of();
        return List.of(Facts.general(Severity.PROBLEM, ID,
                "The training inputs contain " + d.nonFiniteInputs()
                        + " NaN/Inf values: a single one makes the loss NaN.",
                d.nonFiniteInputs() + " non-finite input values in " + d.trainSize() + " samples of "
                        + (d.name() == null ? "the data" : d.name()),
                "drop or impute the rows with NaN/Inf before %train"));
    }
}
