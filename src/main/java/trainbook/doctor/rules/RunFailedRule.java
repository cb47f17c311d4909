package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.Severity;
import trainbook.engine.run.StopReason;

import java.util.List;

/** The run ended with an error (other than a shape mismatch, which {@link ShapeMismatchRule} explains). */
public final class RunFailedRule implements Rule {
    public static final String ID = "run-failed";

    @Override public String id() { return ID; }

    @Override public String description() { return "the run ended with an error"; }

    @Override public List<Finding> check(RunRecord r) {
        boolean failed = r.status() == RunStatus.FAILED || r.stopReason() == StopReason.ERROR
                || (r.error() != null && !r.error().isBlank());
        if (!failed || !ShapeMismatchRule.shapeNotes(r).isEmpty()) return List.of();
        String err = r.error() == null || r.error().isBlank() ? "no error message recorded" : r.error().strip();
        int nl = err.indexOf('\n');
        if (nl > 0) err = err.substring(0, nl);
        if (err.length() > 300) err = err.substring(0, 300) + "…";
        int step = r.steps().isEmpty() ? -1 : r.steps().get(r.steps().size() - 1).step();
        return List.of(Facts.atStep(r, Severity.PROBLEM, ID,
                "The run failed" + (step >= 0 ? " after step " + step : " before the first step") + ".",
                err, "", step));
    }
}
