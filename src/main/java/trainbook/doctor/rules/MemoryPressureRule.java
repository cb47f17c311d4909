package trainbook.doctor.rules;

import trainbook.doctor.Rule;
import trainbook.doctor.Thresholds;
import trainbook.engine.run.Finding;
import trainbook.engine.run.MemoryUse;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.List;

/**
 * Warns when the kernel's memory came close to its limit during the run: on Binder (1–2 GB) the kernel is killed
 * without a word when it crosses it, and every run kept in a variable holds its model.
 */
public final class MemoryPressureRule implements Rule {
    public static final String ID = "memory";

    @Override public String id() { return ID; }

    @Override public String description() {
        return "kernel memory near the container's (or machine's) limit during the run";
    }

    @Override public List<Finding> check(RunRecord r) {
        MemoryUse m = r.memory();
        if (m == null || !(m.peakShare() >= Thresholds.MEMORY_SHARE)) return List.of();
        String share = Math.round(m.peakShare() * 100) + " %";
        return List.of(new Finding(Severity.WARNING, ID,
                "The kernel's memory peaked at " + share + " of its limit: free runs you no longer need with"
                        + " %runs release NAME (or all), keep fewer runs in variables, or train on fewer or smaller"
                        + " batches (limit=, batch=) before the kernel is killed.",
                "peak RSS " + Math.round(m.peakMb()) + " MB of " + Math.round(m.limitMb()) + " MB (" + m.limitSource()
                        + ")", "", -1, -1));
    }
}
