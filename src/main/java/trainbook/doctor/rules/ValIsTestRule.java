package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.SpecView;
import trainbook.engine.run.Severity;

import java.util.List;

import static trainbook.doctor.rules.Facts.n;

/**
 * {@code val=test}: the run validated on its test split, so whatever selected on validation (the best epoch,
 * restore-best, early stopping, a sweep's ranking) selected on test data, and the reported test score is
 * optimistic. One line, with the remedy that keeps the test set for the final measurement only.
 */
public final class ValIsTestRule implements Rule {
    public static final String ID = "val-is-test";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "val=test: validation selected on the test split, so the reported test score is optimistic";
    }

    @Override public List<Finding> check(RunRecord r) {
        if (!"test".equals(SpecView.of(r).val())) return List.of();
        double acc = r.metric("test_acc");
        String score = Double.isFinite(acc) ? "test_acc " + n(acc)
                : Double.isFinite(r.metric("test_loss")) ? "test_loss " + n(r.metric("test_loss")) : "the test score";
        return List.of(Facts.general(Severity.WARNING, ID,
                "Validation used the test split (val=test), so " + score + " is optimistic: the best epoch and"
                        + " early stopping were chosen on the same data.",
                "spec val=test", "val=split=0.1"));
    }
}
